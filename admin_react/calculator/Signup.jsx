import { useState } from "react";

function cookie(name) {
  const match = document.cookie.split("; ").find((part) => part.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

/** Django's CSRF token: from its cookie, or fetched (which also sets the cookie). */
async function csrfToken() {
  const fromCookie = cookie("csrftoken");
  if (fromCookie) return fromCookie;
  const response = await fetch("/api/auth/csrf/", { credentials: "same-origin" });
  return (await response.json()).detail;
}

/** POSTs JSON with Django's CSRF token; resolves to {ok, body}, also when offline. */
async function post(url, body) {
  try {
    return await send(url, body);
  } catch {
    return { ok: false, body: { detail: "The server could not be reached. Try again." } };
  }
}

async function send(url, body) {
  const headers = {
    Accept: "application/json",
    "Content-Type": "application/json",
    "X-CSRFToken": await csrfToken(),
  };
  const response = await fetch(url, {
    method: "POST",
    headers,
    credentials: "same-origin",
    body: JSON.stringify(body ?? {}),
  });
  const json = await response.json().catch(() => ({}));
  return { ok: response.ok, body: json };
}

/** DRF's answer as {field: message}; `detail` and non-field errors under `form`. */
function fieldErrors(body) {
  const errors = {};
  for (const [field, value] of Object.entries(body ?? {})) {
    const text = Array.isArray(value) ? value.join(" ") : String(value);
    errors[field === "detail" || field === "non_field_errors" ? "form" : field] = text;
  }
  return Object.keys(errors).length ? errors : { form: "Something went wrong. Try again." };
}

function Input({ id, label, error, ...props }) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={id} {...props} />
      {error && (
        <small className="error" role="alert" data-testid={`error-${id}`}>
          {error}
        </small>
      )}
    </div>
  );
}

/**
 * A web account in two steps (the API's signup, then the emailed code); the calculator's sex,
 * bodyweight and units go with it. Once signed in, a deep link links the Telegram account.
 */
export default function Signup({ config, profile }) {
  const [step, setStep] = useState("form");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState({});
  const [sent, setSent] = useState("");
  const [busy, setBusy] = useState(false);
  const [botLink, setBotLink] = useState(null);

  async function start(event) {
    event.preventDefault();
    setBusy(true);
    const { ok, body } = await post(config.signupUrl, { email, password, ...profile });
    setBusy(false);
    if (!ok) return setErrors(fieldErrors(body));
    setErrors({});
    setSent(body.detail ?? "");
    setStep("code");
  }

  async function confirm(event) {
    event.preventDefault();
    setBusy(true);
    const { ok, body } = await post(config.signupConfirmUrl, { email, code: code.trim() });
    if (!ok) {
      setBusy(false);
      return setErrors(fieldErrors(body));
    }
    setErrors({});
    setStep("done");
    if (config.telegramLinkUrl) {
      const link = await post(config.telegramLinkUrl);
      if (link.ok) setBotLink(link.body.url);
    }
    setBusy(false);
  }

  return (
    <section className="card signup" id="signup" data-testid="signup">
      <h2>Keep your numbers</h2>
      {step === "form" && (
        <form onSubmit={start} noValidate>
          <p className="muted">A free account keeps every set and shows your progress.</p>
          <div className="row">
            <Input id="signup-email" label="Email" type="email" autoComplete="email" value={email} error={errors.email} onChange={(e) => setEmail(e.target.value)} />
            <Input id="signup-password" label="Password" type="password" autoComplete="new-password" value={password} error={errors.password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {errors.form && <p className="error" role="alert">{errors.form}</p>}
          <button type="submit" className="button" disabled={busy} data-testid="signup-submit">
            Sign up
          </button>
        </form>
      )}
      {step === "code" && (
        <form onSubmit={confirm} noValidate>
          <p className="muted" data-testid="signup-sent">{sent}</p>
          <Input id="signup-code" label={`Code sent to ${email}`} inputMode="numeric" autoComplete="one-time-code" value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
          {errors.form && <p className="error" role="alert">{errors.form}</p>}
          <button type="submit" className="button" disabled={busy} data-testid="signup-confirm">
            Create my account
          </button>
        </form>
      )}
      {step === "done" && (
        <div data-testid="signup-done">
          <p>You are signed up and signed in as <strong>{email}</strong>.</p>
          {botLink && (
            <a className="button" href={botLink} data-testid="telegram-account-link" rel="noopener">
              Link your Telegram account
            </a>
          )}
        </div>
      )}
    </section>
  );
}
