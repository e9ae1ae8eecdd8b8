// The lifting arithmetic of the backend, for the browser. Keep in step with
// backend/workouts/one_rep_max.py (e1RM) and backend/workouts/calories.py (time model).

export const KG_PER_LB = 0.45359237;
export const BRZYCKI_MAX_REPS = 10;
export const RELIABLE_MAX_REPS = 12;
export const MAX_REPS = 100;
export const SECONDS_PER_REP = 3;
export const REST_SECONDS = 90;

export const LEVELS = ["beginner", "novice", "intermediate", "advanced", "elite"];

export function toKg(value, unit) {
  return unit === "lb" ? value * KG_PER_LB : value;
}

export function fromKg(kg, unit) {
  return unit === "lb" ? kg / KG_PER_LB : kg;
}

/** How many times the lifted weight the 1RM is: Brzycki up to 10 reps, Epley above. */
export function oneRmFactor(reps) {
  if (reps === 1) return 1;
  return reps <= BRZYCKI_MAX_REPS ? 36 / (37 - reps) : 1 + reps / 30;
}

export function formulaName(reps) {
  return reps <= BRZYCKI_MAX_REPS ? "Brzycki" : "Epley";
}

/**
 * Estimated 1RM in kg. For bodyweight exercises (pull-ups, dips) the set moves bodyweight plus the
 * added weight, and the answer is the added-weight 1RM, as in workouts.services.e1rm_for.
 */
export function estimateOneRm({ weightKg, reps, bodyweightKg, isBodyweight }) {
  if (!isBodyweight) return weightKg * oneRmFactor(reps);
  return (bodyweightKg + weightKg) * oneRmFactor(reps) - bodyweightKg;
}

/** Modelled seconds of one set: the reps' work plus the rest after it. */
export function setSeconds(reps) {
  return reps * SECONDS_PER_REP + REST_SECONDS;
}

/** Gross and net kcal: MET × kg × hours, and (MET − 1) × kg × hours. */
export function energy({ met, bodyweightKg, seconds }) {
  const hours = seconds / 3600;
  return { grossKcal: met * bodyweightKg * hours, netKcal: (met - 1) * bodyweightKg * hours };
}

// How quantities read: the rules of backend/workouts/display.py, written again for the browser.
// tests/backend/workouts/test_display.py runs both on the same table of cases.
export const LOADABLE_STEP = { kg: 2.5, lb: 5 };
export const LOAD_PLACES = { kg: 2, lb: 1 };
export const ESTIMATE_PLACES = 1;
export const PERCENTILE_MAX = 99.9;
export const LEVEL_LABELS = {
  en: {
    beginner: "Beginner",
    novice: "Novice",
    intermediate: "Intermediate",
    advanced: "Advanced",
    elite: "Elite",
  },
  ko: { beginner: "초급", novice: "초중급", intermediate: "중급", advanced: "상급", elite: "엘리트" },
};

/** Rounds half away from zero on the shortest decimal text of `value`, as Python's Decimal(str(x)). */
export function roundHalfUp(value, places) {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  const [mantissa, exponent = "0"] = String(Math.abs(value)).split("e");
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + places}`));
  const [digits, power = "0"] = String(shifted).split("e");
  return sign * Number(`${digits}e${Number(power) - places}`);
}

/** A number rounded half up to `places` decimals, no trailing zeros: "102.5", "100". */
export function formatNumber(value, places = 1) {
  const text = String(roundHalfUp(value, places));
  return text === "-0" ? "0" : text;
}

/** A weight put on the bar: "102.5 kg", "100 kg", "225 lb". */
export function formatLoad(kg, unit) {
  return `${formatNumber(fromKg(kg, unit), LOAD_PLACES[unit] ?? 2)} ${unit}`;
}

/** The number of an estimated mass (e1RM, a level threshold, kg to go): one decimal, "127.1". */
export function estimateNumber(kg, unit) {
  return formatNumber(fromKg(kg, unit), ESTIMATE_PLACES);
}

/** An estimated mass with its unit: "127.1 kg". */
export function formatEstimate(kg, unit) {
  return `${estimateNumber(kg, unit)} ${unit}`;
}

/** A percentile: one decimal, within 0–99.9 (nobody is stronger than 100% of lifters). */
export function formatPercentile(percentile) {
  const value = Math.min(Math.max(percentile, 0), PERCENTILE_MAX);
  return value < PERCENTILE_MAX ? formatNumber(value, 1) : String(PERCENTILE_MAX);
}

/** Energy burned: whole kcal, "45 kcal". */
export function formatKcal(kcal) {
  return `${formatNumber(kcal, 0)} kcal`;
}

/** The nearest weight a lifter can load, in `unit`, by `step` or the standard plate step. */
export function roundLoadable(kg, unit, step = null) {
  const by = step || LOADABLE_STEP[unit];
  return roundHalfUp(roundHalfUp(fromKg(kg, unit) / by, 0) * by, 10);
}

/** A suggested weight to load: "110 kg", "245 lb". */
export function formatLoadable(kg, unit, step = null) {
  return `${formatNumber(roundLoadable(kg, unit, step), 2)} ${unit}`;
}

/** A level id (beginner … elite, any casing) as its name in `language`. */
export function levelLabel(level, language = "en") {
  if (!level) return "";
  const labels = LEVEL_LABELS[language] ?? LEVEL_LABELS.en;
  return labels[level.toLowerCase()] ?? level;
}

/** "1 rep", "5 reps", "5회". */
export function repsLabel(reps, language = "en") {
  if (language === "ko") return `${reps}회`;
  return reps === 1 ? `${reps} rep` : `${reps} reps`;
}

/** "bench-press" → "Bench press", for when the exercise list can't be fetched. */
export function nameFromSlug(slug) {
  const words = slug.replace(/-/g, " ");
  return words[0].toUpperCase() + words.slice(1);
}
