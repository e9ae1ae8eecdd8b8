import { useEffect, useMemo, useState } from "react";
import { PercentileModel } from "./model.js";
import Signup from "./Signup.jsx";
import Coaching from "./Coaching.jsx";
import {
  LEVELS,
  RELIABLE_MAX_REPS,
  MAX_REPS,
  energy,
  estimateNumber,
  estimateOneRm,
  formatEstimate,
  formatNumber,
  formatPercentile,
  formulaName,
  fromKg,
  levelLabel,
  nameFromSlug,
  setSeconds,
  toKg,
} from "./lifting.js";

const DEFAULTS = {
  exercise: "bench-press",
  sex: "male",
  age: "30",
  bodyweight: "80",
  weight: "100",
  reps: "5",
  sets: "3",
  unit: "kg",
};
const LIMITS_KG = { bodyweight: [20, 400], weight: [0, 1000], added: [-200, 300] };
// The API's answer for the same lift (backend/workouts/api/serializers.py ABOVE_CEILING).
const ABOVE_CEILING = "That is above any recorded lift for this exercise — check the weight and reps.";

/** What Django gives the page (backend/web/views.py calculator_config); defaults if it is absent. */
function pageConfig() {
  const defaults = {
    telegramUrl: null,
    signupUrl: "/api/auth/signup/",
    signupConfirmUrl: "/api/auth/signup/confirm/",
    telegramLinkUrl: null,
    modelUrl: "/calculator/model/",
  };
  const script = document.getElementById("calculator-config");
  try {
    return { ...defaults, ...(script ? JSON.parse(script.textContent) : {}) };
  } catch {
    return defaults;
  }
}
const CONFIG = pageConfig();

async function fetchExercises() {
  const response = await fetch("/api/exercises/?page_size=500", {
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = await response.json();
  return (body.results ?? body).map((e) => ({
    slug: e.slug,
    name: e.name,
    met: Number(e.met_value),
    isBodyweight: e.load_type === "bodyweight",
    loadType: e.load_type,
    ceilingKg: e.e1rm_ceiling_kg == null ? null : Number(e.e1rm_ceiling_kg),
  }));
}

function number(raw) {
  const text = String(raw).trim().replace(",", ".");
  if (text === "") return NaN;
  return Number(text);
}

function round(value, digits = 1) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function format(value, digits = 1) {
  return round(value, digits).toLocaleString("en", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Checks the form like the API does; returns {errors, lift}. */
function validate(form, exercise) {
  const errors = {};
  const age = number(form.age);
  const bodyweight = number(form.bodyweight);
  const weight = number(form.weight);
  const reps = number(form.reps);
  const sets = number(form.sets);
  const u = form.unit;
  if (!Number.isFinite(age) || !Number.isInteger(age) || age < 13 || age > 100) {
    errors.age = "Age must be a whole number from 13 to 100.";
  }
  const bodyweightKg = toKg(bodyweight, u);
  const [bwLow, bwHigh] = LIMITS_KG.bodyweight;
  if (!Number.isFinite(bodyweight) || bodyweightKg < bwLow || bodyweightKg > bwHigh) {
    errors.bodyweight = `Bodyweight must be between ${round(fromKg(bwLow, u), 0)} and ${round(fromKg(bwHigh, u), 0)} ${u}.`;
  }
  const weightKg = toKg(weight, u);
  const [low, high] = exercise?.isBodyweight ? LIMITS_KG.added : LIMITS_KG.weight;
  if (!Number.isFinite(weight)) {
    errors.weight = "Enter the weight you lifted.";
  } else if (exercise?.isBodyweight && (weightKg < low || weightKg > high)) {
    errors.weight = `Added weight must be between ${round(fromKg(low, u), 0)} and ${round(fromKg(high, u), 0)} ${u}.`;
  } else if (!exercise?.isBodyweight && (weightKg <= low || weightKg > high)) {
    errors.weight = `Weight must be more than 0 and at most ${round(fromKg(high, u), 0)} ${u}.`;
  }
  if (!Number.isFinite(reps) || !Number.isInteger(reps) || reps < 1 || reps > MAX_REPS) {
    errors.reps = `Reps must be a whole number from 1 to ${MAX_REPS}.`;
  }
  if (!Number.isFinite(sets) || !Number.isInteger(sets) || sets < 1 || sets > 50) {
    errors.sets = "Sets must be a whole number from 1 to 50.";
  }
  if (Object.keys(errors).length === 0 && exercise?.isBodyweight && weightKg <= -bodyweightKg) {
    errors.weight = "The assistance can't be more than your bodyweight.";
  }
  if (Object.keys(errors).length === 0 && exercise?.ceilingKg != null) {
    const oneRmKg = estimateOneRm({ weightKg, reps, bodyweightKg, isBodyweight: exercise.isBodyweight });
    if (oneRmKg > exercise.ceilingKg) errors.weight = ABOVE_CEILING;
  }
  if (Object.keys(errors).length) return { errors, lift: null };
  return { errors, lift: { age, bodyweightKg, weightKg, reps, sets } };
}

/** The calculator's answers a new account keeps: sex, units and a valid bodyweight. */
function signupProfile(form, lift) {
  const profile = { sex: form.sex, units: form.unit };
  if (lift) profile.bodyweight_kg = round(lift.bodyweightKg, 1);
  return profile;
}

function Field({ id, label, hint, error, children }) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error && <small className="hint">{hint}</small>}
      {error && (
        <small className="error" role="alert" data-testid={`error-${id}`}>
          {error}
        </small>
      )}
    </div>
  );
}

function Segmented({ name, value, options, onChange }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={name}>
      {options.map(([optionValue, label]) => (
        <button
          key={optionValue}
          type="button"
          role="radio"
          aria-checked={value === optionValue}
          data-testid={`${name}-${optionValue}`}
          className={value === optionValue ? "active" : ""}
          onClick={() => onChange(optionValue)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

function LevelBar({ percentile, levelPercentiles }) {
  return (
    <div className="levelbar" aria-hidden="true">
      <div className="levelbar__track">
        {LEVELS.map((level) => (
          <span
            key={level}
            className="levelbar__tick"
            style={{ left: `${levelPercentiles[level]}%` }}
          />
        ))}
        <span className="levelbar__marker" style={{ left: `${percentile}%` }} />
      </div>
      <div className="levelbar__labels">
        {LEVELS.map((level) => (
          <span key={level} style={{ left: `${levelPercentiles[level]}%` }}>
            {levelLabel(level)}
          </span>
        ))}
      </div>
    </div>
  );
}

export default function Calculator() {
  const [form, setForm] = useState(DEFAULTS);
  const [model, setModel] = useState(null);
  const [modelError, setModelError] = useState(null);
  const [exercises, setExercises] = useState(null);

  useEffect(() => {
    PercentileModel.load(CONFIG.modelUrl).then(setModel, (error) => setModelError(String(error.message || error)));
    fetchExercises().then(setExercises, () => setExercises([]));
  }, []);

  // The API's catalogue (names, MET values); the model's exercises if the API can't be reached.
  const catalogue = useMemo(() => {
    if (exercises && exercises.length) return exercises;
    if (!model) return [];
    return model.meta.exercises.map((slug) => ({
      slug,
      name: nameFromSlug(slug),
      met: null,
      isBodyweight: model.isAddedWeight(slug),
      loadType: model.isAddedWeight(slug) ? "bodyweight" : "barbell",
    }));
  }, [exercises, model]);

  const exercise = catalogue.find((e) => e.slug === form.exercise) ?? null;
  const { errors, lift } = validate(form, exercise);
  const u = form.unit;

  const result = useMemo(() => {
    if (!lift || !exercise) return null;
    const oneRmKg = estimateOneRm({ ...lift, isBodyweight: exercise.isBodyweight });
    const perSet = exercise.met
      ? energy({ met: exercise.met, bodyweightKg: lift.bodyweightKg, seconds: setSeconds(lift.reps) })
      : null;
    let ranking = null;
    let rankingError = null;
    if (model && model.ranks(exercise.slug)) {
      if (!exercise.isBodyweight && oneRmKg <= 0) rankingError = "The 1RM must be positive.";
      else ranking = model.rank({ exercise: exercise.slug, sex: form.sex, age: lift.age, bodyweightKg: lift.bodyweightKg, oneRmKg });
    }
    return { oneRmKg, perSet, ranking, rankingError };
  }, [model, exercise, lift?.age, lift?.bodyweightKg, lift?.weightKg, lift?.reps, form.sex]);

  const set = (name) => (event) => setForm({ ...form, [name]: event.target.value });

  function switchUnit(unit) {
    if (unit === form.unit) return;
    const convert = (raw) => {
      const value = number(raw);
      return Number.isFinite(value) ? String(round(fromKg(toKg(value, form.unit), unit), 1)) : raw;
    };
    setForm({ ...form, unit, bodyweight: convert(form.bodyweight), weight: convert(form.weight) });
  }

  const ranked = catalogue.filter((e) => model?.ranks(e.slug) ?? true);
  const unranked = model ? catalogue.filter((e) => !model.ranks(e.slug)) : [];
  const people = form.sex === "male" ? "men" : "women";
  const weightLabel = exercise?.isBodyweight
    ? `Added weight (${u})`
    : exercise?.loadType === "dumbbell"
      ? `Weight per dumbbell (${u})`
      : `Weight (${u})`;

  return (
    <div className="page">
      <header className="masthead">
        <div className="brand">
          <span className="brand__mark">SBD</span> Animal
        </div>
        <h1>How strong is your lift?</h1>
        <p className="lede">
          Estimated one-rep max, how you rank against lifters of your sex, age and bodyweight, your
          strength level and the calories your sets burn.
        </p>
        <nav className="ways" aria-label="Keep going">
          {CONFIG.telegramUrl && (
            <a className="button" href={CONFIG.telegramUrl} rel="noopener" data-testid="telegram-link">
              Log your lifts in Telegram
            </a>
          )}
          <a className="button button--quiet" href="#signup" data-testid="signup-link">
            Sign up
          </a>
        </nav>
      </header>

      <main className="layout">
        <form className="card form" onSubmit={(event) => event.preventDefault()} noValidate>
          <Field id="exercise" label="Exercise">
            <select id="exercise" value={form.exercise} onChange={set("exercise")} data-testid="exercise">
              {!catalogue.length && <option value={form.exercise}>Loading exercises…</option>}
              <optgroup label="Ranked (strength standards)">
                {ranked.map((e) => (
                  <option key={e.slug} value={e.slug}>
                    {e.name}
                  </option>
                ))}
              </optgroup>
              {unranked.length > 0 && (
                <optgroup label="Calories only">
                  {unranked.map((e) => (
                    <option key={e.slug} value={e.slug}>
                      {e.name}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </Field>

          <div className="row">
            <Field id="sex" label="Sex">
              <Segmented name="sex" value={form.sex} options={[["male", "Male"], ["female", "Female"]]} onChange={(sex) => setForm({ ...form, sex })} />
            </Field>
            <Field id="unit" label="Units">
              <Segmented name="unit" value={form.unit} options={[["kg", "kg"], ["lb", "lb"]]} onChange={switchUnit} />
            </Field>
          </div>

          <div className="row">
            <Field id="age" label="Age" error={errors.age}>
              <input id="age" inputMode="numeric" value={form.age} onChange={set("age")} data-testid="age" />
            </Field>
            <Field id="bodyweight" label={`Bodyweight (${u})`} error={errors.bodyweight}>
              <input id="bodyweight" inputMode="decimal" value={form.bodyweight} onChange={set("bodyweight")} data-testid="bodyweight" />
            </Field>
          </div>

          <div className="row row--set">
            <Field
              id="weight"
              label={weightLabel}
              error={errors.weight}
              hint={exercise?.isBodyweight ? "Negative for assisted reps." : null}
            >
              <input id="weight" inputMode="decimal" value={form.weight} onChange={set("weight")} data-testid="weight" />
            </Field>
            <span className="times" aria-hidden="true">×</span>
            <Field id="reps" label="Reps" error={errors.reps}>
              <input id="reps" inputMode="numeric" value={form.reps} onChange={set("reps")} data-testid="reps" />
            </Field>
          </div>

          <Field id="sets" label="Sets (for calories)" error={errors.sets}>
            <input id="sets" inputMode="numeric" value={form.sets} onChange={set("sets")} data-testid="sets" />
          </Field>
        </form>

        <section className="results" aria-live="polite">
          {!result && (
            <div className="card muted" data-testid="invalid">
              Fix the highlighted field{Object.keys(errors).length > 1 ? "s" : ""} to see your numbers.
            </div>
          )}
          {result && (
            <>
              <div className="card headline">
                <div className="stat">
                  <span className="stat__label">Estimated 1RM{exercise.isBodyweight ? " (added weight)" : ""}</span>
                  <span className="stat__value" data-testid="e1rm" data-value={result.oneRmKg}>
                    {estimateNumber(result.oneRmKg, u)} <small>{u}</small>
                  </span>
                  <span className="stat__note">
                    {formulaName(lift.reps)} formula
                    {lift.reps > RELIABLE_MAX_REPS && " · rough above 12 reps"}
                  </span>
                </div>
              </div>

              <div className="card rank" data-testid="ranking">
                {!model && !modelError && <p className="muted" data-testid="model-status">Loading the strength model…</p>}
                {modelError && <p className="error" role="alert">The strength model could not be loaded ({modelError}).</p>}
                {model && !model.ranks(exercise.slug) && (
                  <p className="muted" data-testid="no-standards">No strength standards for {exercise.name}: no ranking, but the 1RM and calories still apply.</p>
                )}
                {result.rankingError && <p className="error" role="alert">{result.rankingError}</p>}
                {result.ranking && (
                  <>
                    <div className="rank__top">
                      <div>
                        <span className="stat__label">Percentile</span>
                        <span className="stat__value" data-testid="percentile" data-value={result.ranking.percentile}>
                          {formatPercentile(result.ranking.percentile)}
                        </span>
                      </div>
                      <span className={`badge badge--${result.ranking.level}`} data-testid="level">
                        {levelLabel(result.ranking.level)}
                      </span>
                    </div>
                    <p className="rank__sentence">
                      Stronger than <strong>{formatPercentile(result.ranking.percentile)}%</strong> of {people} your age and bodyweight.
                    </p>
                    <LevelBar percentile={result.ranking.percentile} levelPercentiles={model.meta.level_percentiles} />
                    {result.ranking.nextLevel ? (
                      <p data-testid="next-level" data-kg={result.ranking.kgToNextLevel} data-level={result.ranking.nextLevel}>
                        <strong>{formatEstimate(result.ranking.kgToNextLevel, u)}</strong> more on your 1RM to reach{" "}
                        <strong>{levelLabel(result.ranking.nextLevel)}</strong> ({formatEstimate(result.ranking.nextLevelKg, u)}
                        {exercise.isBodyweight ? " added" : ""}).
                      </p>
                    ) : (
                      <p data-testid="next-level">Elite: stronger than 95% of lifters. Nothing left to unlock.</p>
                    )}
                    {result.ranking.extrapolated && (
                      <p className="note" data-testid="extrapolated">
                        The standards cover ages {result.ranking.range.age[0]}–{result.ranking.range.age[1]} and
                        bodyweights {format(fromKg(result.ranking.range.bodyweight_kg[0], u), 0)}–
                        {format(fromKg(result.ranking.range.bodyweight_kg[1], u), 0)} {u}; you are ranked at the nearest edge.
                      </p>
                    )}
                  </>
                )}
              </div>

              <div className="card calories">
                <span className="stat__label">Calories</span>
                {result.perSet ? (
                  <>
                    <span className="stat__value" data-testid="calories" data-value={result.perSet.grossKcal}>
                      {formatNumber(result.perSet.grossKcal * lift.sets, 0)} <small>kcal</small>
                    </span>
                    <span className="stat__note" data-testid="calories-detail">
                      {lift.sets} set{lift.sets > 1 ? "s" : ""} × {format(result.perSet.grossKcal)} kcal
                      ({format(result.perSet.netKcal * lift.sets, 0)} kcal above resting) · MET {exercise.met} ×{" "}
                      {format(lift.bodyweightKg)} kg × {format((setSeconds(lift.reps) * lift.sets) / 60)} min
                    </span>
                  </>
                ) : (
                  <span className="muted">The exercise list could not be loaded, so its MET value is unknown.</span>
                )}
              </div>
            </>
          )}
        </section>
      </main>

      <Coaching form={form} lift={lift} />

      <Signup config={CONFIG} profile={signupProfile(form, lift)} />

      <footer className="footer">
        <p>
          Strength standards: <a href="https://strengthlevel.com" rel="noopener">Strength Level</a> (strengthlevel.com). Levels
          Beginner, Novice, Intermediate, Advanced and Elite mean stronger than 5, 20, 50, 80 and 95% of lifters.
          1RM: Brzycki up to 10 reps, Epley above. Calories: MET values from the Compendium of Physical Activities,
          counting 3 s per rep and 90 s rest per set. The ranking runs in your browser.
        </p>
      </footer>
    </div>
  );
}
