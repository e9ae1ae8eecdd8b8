import { useEffect, useMemo, useState } from "react";
import {
  dailyEnergy,
  dots,
  dotsPercentile,
  estimateWithRpe,
  ipfGl,
  loadPlates,
  makeSetup,
  perSideText,
  warmupRamp,
  weightFor,
  wilks2020,
} from "./coaching.js";
import { formatNumber, fromKg, repsLabel, toKg } from "./lifting.js";

// The coaching part of the calculator: RPE, plates, warm-ups, powerlifting scores and daily
// calories, computed in the browser by coaching.js with the server's tables.

const ACTIVITY_LABELS = {
  sedentary: "Sedentary (little exercise)",
  light: "Light (1–3 days a week)",
  moderate: "Moderate (3–5 days a week)",
  active: "Very active (6–7 days a week)",
  very_active: "Extra active (hard training and a physical job)",
};

async function fetchTables() {
  const response = await fetch("/api/coaching-tables/", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

function number(raw) {
  const text = String(raw ?? "").trim().replace(",", ".");
  return text === "" ? NaN : Number(text);
}

function plateLine(loading, unit) {
  if (loading.exact) {
    return loading.exact.perSide.length ? `per side ${perSideText(loading.exact.perSide)}` : "the empty bar";
  }
  if (!loading.below) return `less than the empty bar (${loading.above.total} ${unit})`;
  const options = [loading.below, loading.above]
    .filter(Boolean)
    .map((x) => `${x.total} ${unit} (${perSideText(x.perSide) || "the empty bar"})`);
  return `can't be loaded exactly: ${options.join(" or ")}`;
}

function Stat({ label, testId, value, children }) {
  return (
    <div className="stat">
      <span className="stat__label">{label}</span>
      <span className="stat__value" data-testid={testId} data-value={value}>
        {children}
      </span>
    </div>
  );
}

export default function Coaching({ form, lift }) {
  const [tables, setTables] = useState(null);
  const [tablesError, setTablesError] = useState(null);
  const [coach, setCoach] = useState({
    rpe: "8",
    targetReps: "3",
    targetRpe: "9",
    bar: "",
    squat: "180",
    bench: "120",
    deadlift: "220",
    height: "180",
    activity: "moderate",
  });
  useEffect(() => {
    fetchTables().then(setTables, (error) => setTablesError(String(error.message || error)));
  }, []);
  const set = (name) => (event) => setCoach({ ...coach, [name]: event.target.value });
  const u = form.unit;

  const answers = useMemo(() => {
    if (!tables) return null;
    const out = { errors: {} };
    const rpe = coach.rpe.trim() === "" ? null : number(coach.rpe);
    const targetReps = number(coach.targetReps);
    const targetRpe = coach.targetRpe.trim() === "" ? null : number(coach.targetRpe);
    if (rpe !== null && !(rpe >= 1 && rpe <= 10 && Number.isInteger(rpe * 2))) {
      out.errors.rpe = "RPE goes from 1 to 10 in steps of 0.5.";
    }
    if (targetRpe !== null && !(targetRpe >= 1 && targetRpe <= 10 && Number.isInteger(targetRpe * 2))) {
      out.errors.targetRpe = "RPE goes from 1 to 10 in steps of 0.5.";
    }
    if (!(Number.isInteger(targetReps) && targetReps >= 1 && targetReps <= 30)) {
      out.errors.targetReps = "Reps must be a whole number from 1 to 30.";
    }
    if (lift && !out.errors.rpe) {
      out.rpe = estimateWithRpe(tables, lift.weightKg, lift.reps, rpe);
      if (!out.errors.targetReps && !out.errors.targetRpe) {
        out.target = weightFor(tables, out.rpe.oneRm, targetReps, targetRpe);
      }
    }
    const bar = coach.bar.trim() === "" ? null : number(coach.bar);
    if (bar !== null && !(bar >= 0 && bar <= 100)) out.errors.bar = "The bar weighs 0 to 100.";
    else if (lift) {
      const setup = makeSetup(tables, { unit: u, bar });
      const weight = Math.round(fromKg(lift.weightKg, u) * 1000) / 1000;
      out.plates = loadPlates(weight, setup);
      out.warmup = warmupRamp(tables, weight, setup);
    }
    const lifts = ["squat", "bench", "deadlift"].map((name) => number(coach[name]));
    if (lifts.some((v) => !(v >= 0 && v <= fromKg(1000, u)))) {
      out.errors.total = `Each lift is 0 to ${formatNumber(fromKg(1000, u), 0)} ${u}.`;
    } else if (lift) {
      const totalKg = lifts.reduce((sum, v) => sum + toKg(v, u), 0);
      const bw = lift.bodyweightKg;
      out.scores = {
        totalKg,
        dots: dots(tables, form.sex, bw, totalKg),
        wilks: wilks2020(tables, form.sex, bw, totalKg),
        gl: ipfGl(tables, form.sex, bw, totalKg),
      };
      out.scores.where = dotsPercentile(tables, form.sex, bw, out.scores.dots);
    }
    const height = number(coach.height);
    if (!(height >= 50 && height <= 272)) out.errors.height = "Height must be between 50 and 272 cm.";
    else if (lift) out.energy = dailyEnergy(tables, form.sex, lift.bodyweightKg, height, lift.age, coach.activity);
    return out;
  }, [tables, coach, lift?.weightKg, lift?.reps, lift?.bodyweightKg, lift?.age, form.sex, u]);

  return (
    <section className="coaching" aria-label="Coaching" data-testid="coaching">
      <h2>Between sets</h2>
      {tablesError && <p className="error" role="alert">The coaching tables could not be loaded ({tablesError}).</p>}
      {!tables && !tablesError && <p className="muted">Loading the coaching tables…</p>}
      {answers && !lift && <p className="muted">Fix the highlighted fields above to see the coaching numbers.</p>}
      {answers && lift && (
        <div className="coaching__grid">
          <div className="card">
            <h3>RPE</h3>
            <div className="row">
              <label className="field">
                RPE of the set
                <input value={coach.rpe} onChange={set("rpe")} inputMode="decimal" data-testid="rpe" />
                {answers.errors.rpe && <small className="error" role="alert" data-testid="error-rpe">{answers.errors.rpe}</small>}
              </label>
              <label className="field">
                Target reps
                <input value={coach.targetReps} onChange={set("targetReps")} inputMode="numeric" data-testid="target-reps" />
                {answers.errors.targetReps && <small className="error" role="alert">{answers.errors.targetReps}</small>}
              </label>
              <label className="field">
                at RPE
                <input value={coach.targetRpe} onChange={set("targetRpe")} inputMode="decimal" data-testid="target-rpe" />
                {answers.errors.targetRpe && <small className="error" role="alert">{answers.errors.targetRpe}</small>}
              </label>
            </div>
            {answers.rpe && (
              <>
                <Stat label="e1RM" testId="rpe-e1rm" value={answers.rpe.oneRm}>
                  {formatNumber(fromKg(answers.rpe.oneRm, u), 1)} <small>{u}</small>
                </Stat>
                <p className="stat__note" data-testid="rpe-method" data-method={answers.rpe.method}>
                  {answers.rpe.method === "rpe_chart"
                    ? `From the RPE chart: ${answers.rpe.percent1rm}% of 1RM`
                    : `By the ${answers.rpe.formula[0].toUpperCase()}${answers.rpe.formula.slice(1)} formula (no RPE in the chart: a set to failure)`}
                </p>
                {answers.target != null && (
                  <p data-testid="rpe-target" data-value={answers.target}>
                    {repsLabel(number(coach.targetReps))}{coach.targetRpe ? ` @${coach.targetRpe}` : ""}:{" "}
                    <strong>{formatNumber(fromKg(answers.target, u), 1)} {u}</strong>
                  </p>
                )}
              </>
            )}
          </div>

          <div className="card">
            <h3>Plates and warm-up</h3>
            <label className="field">
              Bar ({u}, empty for the standard bar)
              <input value={coach.bar} onChange={set("bar")} inputMode="decimal" data-testid="bar" />
              {answers.errors.bar && <small className="error" role="alert">{answers.errors.bar}</small>}
            </label>
            {answers.plates && (
              <p data-testid="plates" data-exact={answers.plates.exact ? answers.plates.exact.perSide.join(",") : ""}>
                <strong>{answers.plates.target} {u}</strong>: {plateLine(answers.plates, u)}
              </p>
            )}
            {answers.warmup && answers.warmup.length > 0 && (
              <ol className="warmup" data-testid="warmup">
                {answers.warmup.map((s) => (
                  <li key={s.weight} data-weight={s.weight} data-reps={s.reps}>
                    {s.weight} {u} × {s.reps} <small>({perSideText(s.perSide) || "the empty bar"})</small>
                  </li>
                ))}
              </ol>
            )}
          </div>

          <div className="card">
            <h3>Powerlifting scores</h3>
            <div className="row">
              {["squat", "bench", "deadlift"].map((name) => (
                <label className="field" key={name}>
                  {name[0].toUpperCase() + name.slice(1)} ({u})
                  <input value={coach[name]} onChange={set(name)} inputMode="decimal" data-testid={`score-${name}`} />
                </label>
              ))}
            </div>
            {answers.errors.total && <small className="error" role="alert">{answers.errors.total}</small>}
            {answers.scores && (
              <>
                <div className="row">
                  <Stat label="DOTS" testId="dots" value={answers.scores.dots}>{formatNumber(answers.scores.dots, 1)}</Stat>
                  <Stat label="Wilks 2020" testId="wilks" value={answers.scores.wilks}>{formatNumber(answers.scores.wilks, 1)}</Stat>
                  <Stat label="IPF GL" testId="ipf-gl" value={answers.scores.gl}>{formatNumber(answers.scores.gl, 1)}</Stat>
                </div>
                <p className="stat__note" data-testid="dots-percentile" data-value={answers.scores.where.percentile}>
                  {answers.scores.where.below
                    ? "Below the 10th percentile"
                    : answers.scores.where.above
                      ? "Above the 90th percentile"
                      : `Above about ${formatNumber(answers.scores.where.percentile, 0)}%`}{" "}
                  of raw lifters ({answers.scores.where.weightClassKg} kg class, age 30; OpenPowerlifting via LiftGauge).
                </p>
              </>
            )}
          </div>

          <div className="card">
            <h3>Daily calories</h3>
            <div className="row">
              <label className="field">
                Height (cm)
                <input value={coach.height} onChange={set("height")} inputMode="decimal" data-testid="height" />
                {answers.errors.height && <small className="error" role="alert" data-testid="error-height">{answers.errors.height}</small>}
              </label>
              <label className="field">
                Activity
                <select value={coach.activity} onChange={set("activity")} data-testid="activity">
                  {Object.keys(tables.activity_factors).map((key) => (
                    <option key={key} value={key}>{ACTIVITY_LABELS[key] ?? key}</option>
                  ))}
                </select>
              </label>
            </div>
            {answers.energy && (
              <div className="row">
                <Stat label="BMR (Mifflin–St Jeor)" testId="bmr" value={answers.energy.bmrKcal}>
                  {formatNumber(answers.energy.bmrKcal, 0)} <small>kcal</small>
                </Stat>
                <Stat label={`TDEE (×${answers.energy.activityFactor})`} testId="tdee" value={answers.energy.tdeeKcal}>
                  {formatNumber(answers.energy.tdeeKcal, 0)} <small>kcal</small>
                </Stat>
              </div>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
