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

export function levelLabel(level) {
  return level ? level[0].toUpperCase() + level.slice(1) : "";
}

/** "bench-press" → "Bench press", for when the exercise list can't be fetched. */
export function nameFromSlug(slug) {
  const words = slug.replace(/-/g, " ");
  return words[0].toUpperCase() + words.slice(1);
}
