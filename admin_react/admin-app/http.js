// fetch for the cookie-JWT API: cookies always sent, the CSRF token on unsafe requests, and one
// silent refresh (POST /api/auth/refresh/) when the 5-minute access cookie has expired; logout is
// POST /api/auth/logout/ (authProvider.js).
import { HttpError } from "react-admin";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function cookie(name) {
  const match = document.cookie.split("; ").find((part) => part.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

/** Django's CSRF token: from its cookie, or fetched (which also sets the cookie). */
export async function csrfToken() {
  const fromCookie = cookie("csrftoken");
  if (fromCookie) return fromCookie;
  const response = await fetch("/api/auth/csrf/", { credentials: "include" });
  return (await response.json()).detail;
}

async function send(url, { method = "GET", body } = {}) {
  const headers = new Headers({ Accept: "application/json" });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  if (!SAFE.has(method)) headers.set("X-CSRFToken", await csrfToken());
  return fetch(url, {
    method,
    headers,
    credentials: "include",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let refreshing = null;

/** Trades the refresh cookie for new cookies; true when the session is still alive. */
export function refreshSession() {
  if (!refreshing) {
    refreshing = send("/api/auth/refresh/", { method: "POST" })
      .then((response) => response.ok)
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

function parse(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** DRF's error body as one sentence plus react-admin's per-field `errors`. */
function errorOf(json, response) {
  if (json && typeof json === "object" && !Array.isArray(json)) {
    if (typeof json.detail === "string") return { message: json.detail, errors: {} };
    const errors = {};
    for (const [field, value] of Object.entries(json)) {
      errors[field] = Array.isArray(value) ? value.join(" ") : String(value);
    }
    const [first] = Object.entries(errors);
    if (first) {
      const [field, text] = first;
      const message = field === "non_field_errors" || field === "detail" ? text : `${field}: ${text}`;
      return { message, errors };
    }
  }
  return { message: `${response.status} ${response.statusText || "error"}`, errors: {} };
}

/** One API call; throws react-admin's HttpError (status, body.errors) on a non-2xx answer. */
export async function request(url, options = {}, { retry = true } = {}) {
  let response = await send(url, options);
  if (response.status === 401 && retry && (await refreshSession())) {
    response = await send(url, options);
  }
  const json = parse(await response.text());
  if (!response.ok) {
    const { message, errors } = errorOf(json, response);
    throw new HttpError(message, response.status, { ...(json ?? {}), errors });
  }
  return { status: response.status, headers: response.headers, json };
}
