// Runs the display cases through the calculator's JS rules (admin_react/calculator/lifting.js).
// Usage: node display_check.mjs <lifting.js> <cases.json>; prints [{"function", "actual"}, ...].
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [liftingPath, casesPath] = process.argv.slice(2);
const lifting = await import(pathToFileURL(liftingPath).href);
const NAMES = {
  format_load: lifting.formatLoad,
  format_estimate: lifting.formatEstimate,
  format_percentile: lifting.formatPercentile,
  format_kcal: lifting.formatKcal,
  format_loadable: lifting.formatLoadable,
  level_label: lifting.levelLabel,
  reps_label: lifting.repsLabel,
};
const { cases } = JSON.parse(readFileSync(casesPath, "utf8"));
const results = cases.map((c) => ({ function: c.function, actual: String(NAMES[c.function](...c.args)) }));
process.stdout.write(JSON.stringify(results));
