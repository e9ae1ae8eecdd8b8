// Runs the shared coaching cases through the calculator's JS rules (admin_react/calculator/coaching.js).
// Usage: node coaching_check.mjs <coaching.js> <cases.json> <tables.json>; prints the answers as JSON.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, casesPath, tablesPath] = process.argv.slice(2);
const c = await import(pathToFileURL(modulePath).href);
const tables = JSON.parse(readFileSync(tablesPath, "utf8"));
const { cases } = JSON.parse(readFileSync(casesPath, "utf8"));

const n = (value) => (value == null ? null : Math.round(value * 10000) / 10000);

function setup(raw = {}) {
  const plates = raw.plates?.map((p) => (Array.isArray(p) ? { weight: p[0], pairs: p[1] } : p)) ?? null;
  return c.makeSetup(tables, { unit: raw.unit ?? "kg", bar: raw.bar ?? null, plates, collar: raw.collar ?? 0 });
}

function run({ op, args: a }) {
  if (op === "plates") {
    const l = c.loadPlates(a.target, setup(a.setup));
    return {
      exact: l.exact ? l.exact.perSide.map(n) : null,
      below: l.below ? n(l.below.total) : null,
      above: l.above ? n(l.above.total) : null,
    };
  }
  if (op === "warmup") return c.warmupRamp(tables, a.work, setup(a.setup)).map((s) => [n(s.weight), s.reps]);
  if (op === "rpe") {
    const e = c.estimateWithRpe(tables, a.weight, a.reps, a.rpe ?? null);
    const target = a.target_reps == null ? null : c.weightFor(tables, e.oneRm, a.target_reps, a.target_rpe ?? null);
    return { one_rm: n(e.oneRm), method: e.method, percent_1rm: n(e.percent1rm), target: n(target) };
  }
  if (op === "scores") {
    return {
      dots: n(c.dots(tables, a.sex, a.bodyweight, a.total)),
      wilks2020: n(c.wilks2020(tables, a.sex, a.bodyweight, a.total)),
      ipf_gl: n(c.ipfGl(tables, a.sex, a.bodyweight, a.total, a.event ?? "SBD")),
    };
  }
  if (op === "dots_percentile") {
    const w = c.dotsPercentile(tables, a.sex, a.bodyweight, a.dots);
    return { percentile: n(w.percentile), weight_class_kg: w.weightClassKg, below: w.below, above: w.above };
  }
  if (op === "calories") {
    const e = c.dailyEnergy(tables, a.sex, a.bodyweight, a.height, a.age, a.activity);
    return { bmr: n(e.bmrKcal), tdee: n(e.tdeeKcal) };
  }
  throw new Error(`unknown op ${op}`);
}

process.stdout.write(JSON.stringify(cases.map(run)));
