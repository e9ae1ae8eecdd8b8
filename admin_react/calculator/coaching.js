// The coaching rules of the backend, for the browser: plates (backend/workouts/plates.py),
// warm-ups (warmups.py), the RPE chart (rpe.py), powerlifting scores (scores.py) and daily
// calories (calories.py). The tables come from the server (GET /api/coaching-tables/), so the
// page keeps no copy of a number; tests/backend/workouts/test_coaching_js.py runs the shared
// cases in tests/backend/workouts/fixtures/coaching_cases.json through both.

import { oneRmFactor, formulaName } from "./lifting.js";

// --- plates ---------------------------------------------------------------------------------

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A setup: { unit, bar, collar, plates: [{ weight, pairs }] } with defaults for the unit. */
export function makeSetup(tables, { unit = "kg", bar = null, plates = null, collar = 0 } = {}) {
  const chosen = plates ?? tables.default_plates[unit];
  const merged = new Map();
  for (const item of chosen) {
    const plate = typeof item === "object" ? item : { weight: Number(item), pairs: null };
    if (!(plate.weight > 0)) throw new Error("a plate must weigh more than 0");
    const old = merged.get(plate.weight);
    if (old === undefined) merged.set(plate.weight, plate.pairs ?? null);
    else merged.set(plate.weight, old === null || plate.pairs == null ? null : old + plate.pairs);
  }
  const barWeight = bar ?? tables.bar_weights.olympic[unit];
  if (barWeight < 0 || collar < 0) throw new Error("the bar and collars cannot weigh less than nothing");
  const sorted = [...merged.entries()]
    .filter(([, pairs]) => pairs !== 0)
    .sort((a, b) => b[0] - a[0])
    .map(([weight, pairs]) => ({ weight, pairs }));
  return { unit, bar: barWeight, collar, plates: sorted, scale: tables.scale, maxSteps: tables.max_steps };
}

function units(setup, value) {
  return Math.round(value * setup.scale);
}

function fromUnits(setup, value) {
  return Math.round(value) / setup.scale;
}

function emptyWeight(setup) {
  return setup.bar + 2 * setup.collar;
}

/** Fewest-plates loadings, heaviest plates first on a tie (plates.py `_Solver`). */
class Solver {
  constructor(setup) {
    const all = setup.plates.map((p) => units(setup, p.weight));
    this.setup = setup;
    this.step = all.length ? all.reduce(gcd) : 1;
    this.weights = all.map((u) => u / this.step);
    this.pairs = setup.plates.map((p) => p.pairs);
    this.largest = this.weights.length ? Math.max(...this.weights) : 0;
    this.emptyUnits = units(setup, emptyWeight(setup));
    this.fewest = [];
    this.size = 0;
  }

  extend(limit) {
    const size = this.weights.length ? Math.max(limit, 0) + 1 : 1;
    if (size <= this.size) return;
    if (size > this.setup.maxSteps) throw new Error("this target is too heavy for plates this fine");
    let after = new Array(size).fill(null);
    after[0] = 0;
    const layers = [after];
    for (let i = this.weights.length - 1; i >= 0; i--) {
      const weight = this.weights[i];
      const pairs = this.pairs[i];
      const layer = after.slice();
      for (let s = weight; s < size; s++) {
        if (pairs === null) {
          layer[s] = fewer(layer[s], layer[s - weight], 1);
          continue;
        }
        for (let n = 1; n <= Math.min(pairs, Math.floor(s / weight)); n++) {
          layer[s] = fewer(layer[s], after[s - n * weight], n);
        }
      }
      layers.push(layer);
      after = layer;
    }
    this.fewest = layers.reverse();
    this.size = size;
  }

  reachable(side) {
    return side >= 0 && side < this.size && this.fewest[0][side] !== null;
  }

  atOrBelow(side) {
    for (let s = Math.min(side, this.size - 1); s >= 0; s--) if (this.reachable(s)) return s;
    return null;
  }

  atOrAbove(side) {
    for (let s = Math.max(side, 0); s < this.size; s++) if (this.reachable(s)) return s;
    return null;
  }

  loaded(side) {
    const plates = [];
    let left = side;
    this.weights.forEach((weight, index) => {
      const target = this.fewest[index][left];
      const most = this.pairs[index] === null ? Math.floor(left / weight) : this.pairs[index];
      for (let n = Math.min(most, Math.floor(left / weight)); n >= 0; n--) {
        const rest = this.fewest[index + 1][left - n * weight];
        if (rest !== null && rest + n === target) {
          for (let k = 0; k < n; k++) plates.push(fromUnits(this.setup, weight * this.step));
          left -= n * weight;
          break;
        }
      }
    });
    return { total: fromUnits(this.setup, this.emptyUnits + 2 * side * this.step), perSide: plates };
  }
}

function fewer(current, base, added) {
  if (base === null) return current;
  return current === null ? base + added : Math.min(current, base + added);
}

/** { target, exact, below, above }: the plates per side or the nearest loadable weights. */
export function loadPlates(target, setup) {
  if (!Number.isFinite(target)) throw new Error("a weight must be a finite number");
  if (target < emptyWeight(setup)) {
    return { target, exact: null, below: null, above: { total: emptyWeight(setup), perSide: [] } };
  }
  const solver = new Solver(setup);
  // thousandths of the unit, cleaned of binary noise to a millionth of one
  const targetUnits = Math.round(target * setup.scale * 1000) / 1000;
  const side = (targetUnits - solver.emptyUnits) / (2 * solver.step);
  const low = Math.floor(side);
  const high = Math.ceil(side);
  solver.extend(low + solver.largest);
  if (low === high && solver.reachable(low)) {
    return { target, exact: solver.loaded(low), below: null, above: null };
  }
  const below = solver.atOrBelow(low);
  const above = solver.atOrAbove(low + 1);
  return {
    target,
    exact: null,
    below: below === null ? null : solver.loaded(below),
    above: above === null ? null : solver.loaded(above),
  };
}

/** "25 + 20 + 15 + 1.25" ("" for the empty bar). */
export function perSideText(perSide) {
  return perSide.map((p) => String(p)).join(" + ");
}

// --- warm-ups -------------------------------------------------------------------------------

/** The warm-up sets to a work set: [{ weight, reps, perSide }], lightest first. */
export function warmupRamp(tables, work, setup) {
  const empty = emptyWeight(setup);
  if (work <= empty) return [];
  const ramp = empty > 0 ? [{ weight: empty, reps: tables.empty_bar_reps, perSide: [] }] : [];
  const bars = empty > 0 ? work / empty : Infinity;
  const chosen = tables.warmup_ramps.find((r) => r.up_to_bars === null || bars <= r.up_to_bars);
  for (const [share, reps] of chosen.steps) {
    const loading = loadPlates(work * share, setup);
    const loaded = loading.exact ?? loading.below;
    const heaviest = ramp.length ? ramp[ramp.length - 1].weight : empty;
    if (!loaded || loaded.total <= heaviest || loaded.total >= work) continue;
    ramp.push({ weight: loaded.total, reps, perSide: loaded.perSide });
  }
  return ramp;
}

// --- the RPE chart --------------------------------------------------------------------------

export function chartCovers(tables, reps, rpe) {
  if (rpe == null || !(rpe >= tables.min_rpe && rpe <= tables.max_rpe) || reps < 1) return false;
  if (Math.round(rpe * 2) !== rpe * 2) return false;
  const most = Math.max(...Object.keys(tables.rpe10).map(Number));
  return reps + (tables.max_rpe - rpe) <= most;
}

/** %1RM of reps at an RPE (half steps: the midpoint of the whole-RPE neighbours). */
export function percent1rm(tables, reps, rpe) {
  const effective = reps + (tables.max_rpe - rpe);
  const low = Math.floor(effective);
  if (effective === low) return tables.rpe10[String(low)];
  return Math.round(((tables.rpe10[String(low)] + tables.rpe10[String(low + 1)]) / 2) * 100) / 100;
}

/** { oneRm, method, formula, percent1rm } of a set, from the chart when its RPE is in it. */
export function estimateWithRpe(tables, weight, reps, rpe = null) {
  if (chartCovers(tables, reps, rpe)) {
    const percent = percent1rm(tables, reps, rpe);
    return { oneRm: (weight * 100) / percent, method: "rpe_chart", formula: "", percent1rm: percent };
  }
  const factor = oneRmFactor(reps);
  return {
    oneRm: weight * factor,
    method: "formula",
    formula: formulaName(reps).toLowerCase(),
    percent1rm: Math.round((100 / factor) * 100) / 100,
  };
}

/** The weight for reps at an RPE (or to failure without one) for a 1RM. */
export function weightFor(tables, oneRm, reps, rpe = null) {
  if (chartCovers(tables, reps, rpe)) return (oneRm * percent1rm(tables, reps, rpe)) / 100;
  return oneRm / oneRmFactor(reps);
}

// --- powerlifting scores --------------------------------------------------------------------

function group(sex) {
  if (sex !== "male" && sex !== "female") throw new Error("sex must be male or female");
  return sex === "male" ? "men" : "women";
}

function clamp(x, [low, high]) {
  return Math.min(Math.max(x, low), high);
}

export function dots(tables, sex, bodyweightKg, totalKg) {
  const c = tables.dots[group(sex)];
  const x = clamp(bodyweightKg, c.bw_bounds_kg);
  return (totalKg * 500) / (c.A * x ** 4 + c.B * x ** 3 + c.C * x ** 2 + c.D * x + c.E);
}

export function wilks2020(tables, sex, bodyweightKg, totalKg) {
  const c = tables.wilks2020[group(sex)];
  const x = clamp(bodyweightKg, c.bw_bounds_kg);
  const terms = [c.A, c.B, c.C, c.D, c.E, c.F];
  return (totalKg * 600) / terms.reduce((sum, k, power) => sum + k * x ** power, 0);
}

export function ipfGl(tables, sex, bodyweightKg, totalKg, event = "SBD", equipment = "Raw") {
  if (bodyweightKg < tables.ipf_gl_min_bodyweight_kg) return 0;
  const code = group(sex) === "men" ? "M" : "F";
  const p = tables.ipf_gl.find((q) => q.event === event && q.sex === code && q.equipment === equipment);
  return (totalKg * 100) / (p.A - p.B * Math.exp(-p.C * bodyweightKg));
}

/** Where a DOTS score falls among raw lifters of the closest published cohort. */
export function dotsPercentile(tables, sex, bodyweightKg, points) {
  group(sex);
  const cohorts = tables.dots_cohorts.filter((c) => c.sex === sex);
  const cohort = cohorts.reduce((best, c) => {
    const key = (x) => [Math.abs(x.weight_class_kg - bodyweightKg), x.weight_class_kg];
    const [a, b] = [key(c), key(best)];
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? c : best;
  });
  const at = tables.percentile_points;
  const values = cohort.points;
  const base = { weightClassKg: cohort.weight_class_kg, sampleSize: cohort.n, below: false, above: false };
  if (points <= values[0]) return { ...base, percentile: at[0], below: true };
  if (points >= values[values.length - 1]) return { ...base, percentile: at[at.length - 1], above: true };
  for (let i = 0; i < values.length - 1; i++) {
    if (values[i] <= points && points <= values[i + 1]) {
      const share = at[i] + ((at[i + 1] - at[i]) * (points - values[i])) / (values[i + 1] - values[i]);
      return { ...base, percentile: share };
    }
  }
  throw new Error("unreachable");
}

// --- daily calories -------------------------------------------------------------------------

export function bmrMifflinStJeor(tables, sex, bodyweightKg, heightCm, age) {
  if (!(sex in tables.mifflin_sex_constant)) throw new Error("sex must be male or female");
  return 10 * bodyweightKg + 6.25 * heightCm - 5 * age + tables.mifflin_sex_constant[sex];
}

export function dailyEnergy(tables, sex, bodyweightKg, heightCm, age, activity) {
  const factor = tables.activity_factors[activity];
  if (factor === undefined) throw new Error("unknown activity");
  const bmr = bmrMifflinStJeor(tables, sex, bodyweightKg, heightCm, age);
  return { bmrKcal: bmr, tdeeKcal: bmr * factor, activity, activityFactor: factor };
}
