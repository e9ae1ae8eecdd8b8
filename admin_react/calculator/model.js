// The percentile model in the browser: the committed TF.js graph model (ml/artifacts/tfjs), fed
// exactly as ml/tfjs_check/predict.mjs feeds it, with age and bodyweight clamped to the data's
// range as ml/predict.py does.
import { LEVELS } from "./lifting.js";

const MIN_PERCENTILE = 0;
const MAX_PERCENTILE = 100;
const BISECTION_STEPS = 40;

export class PercentileModel {
  constructor(tf, graph, meta) {
    this.tf = tf;
    this.graph = graph;
    this.meta = meta;
    this.index = new Map(meta.exercises.map((slug, i) => [slug, i]));
    this.added = new Set(meta.added_weight_exercises);
  }

  /** Loads the model from `modelUrl`, the folder of model.json and meta.json (Django's). */
  static async load(modelUrl) {
    const [tf, meta] = await Promise.all([
      import("@tensorflow/tfjs"),
      fetch(`${modelUrl}meta.json`).then((response) => {
        if (!response.ok) throw new Error(`meta.json: HTTP ${response.status}`);
        return response.json();
      }),
    ]);
    // The model is tiny: the CPU backend is fast enough and gives the same floats everywhere.
    await tf.setBackend("cpu");
    await tf.ready();
    const graph = await tf.loadGraphModel(`${modelUrl}model.json`);
    return new PercentileModel(tf, graph, meta);
  }

  ranks(exercise) {
    return this.index.has(exercise);
  }

  isAddedWeight(exercise) {
    return this.added.has(exercise);
  }

  /** Age and bodyweight clamped to the standards' range, and whether they had to be. */
  clamp({ exercise, sex, age, bodyweightKg }) {
    const range = this.meta.ranges[`${exercise}/${sex}`];
    const clampedAge = Math.min(Math.max(age, range.age[0]), range.age[1]);
    const clampedBw = Math.min(
      Math.max(bodyweightKg, range.bodyweight_kg[0]),
      range.bodyweight_kg[1],
    );
    return {
      age: clampedAge,
      bodyweightKg: clampedBw,
      extrapolated: clampedAge !== age || clampedBw !== bodyweightKg,
      range,
    };
  }

  /** Percentiles for rows of the same lifter at several 1RMs (kg; added kg for pull-ups/dips). */
  percentiles({ exercise, sex, age, bodyweightKg }, oneRms) {
    const tf = this.tf;
    const n = oneRms.length;
    const columns = {
      exercise: new Array(n).fill(this.index.get(exercise)),
      sex: new Array(n).fill(sex === "male" ? 1 : 0),
      age: new Array(n).fill(age),
      bodyweight_kg: new Array(n).fill(bodyweightKg),
      one_rm_kg: oneRms,
    };
    return tf.tidy(() => {
      const feeds = {};
      for (const input of this.graph.inputs) {
        const name = input.name.replace(/:0$/, "");
        const dtype = name === "exercise" ? "int32" : "float32";
        feeds[input.name] = tf.tensor2d(columns[name], [n, 1], dtype);
      }
      const output = this.graph.execute(feeds);
      return Array.from(output.dataSync(), (p) =>
        Math.min(Math.max(p, MIN_PERCENTILE), MAX_PERCENTILE),
      );
    });
  }

  /** The 1RM at which the model reaches each level's percentile (bisection: it is monotone). */
  thresholds(lifter) {
    const targets = LEVELS.map((level) => this.meta.level_percentiles[level]);
    const lowest = this.isAddedWeight(lifter.exercise) ? -lifter.bodyweightKg + 0.01 : 0.01;
    const lo = targets.map(() => lowest);
    const hi = targets.map(() => 1500);
    for (let step = 0; step < BISECTION_STEPS; step += 1) {
      const mid = lo.map((low, i) => (low + hi[i]) / 2);
      const got = this.percentiles(lifter, mid);
      got.forEach((p, i) => {
        if (p < targets[i]) lo[i] = mid[i];
        else hi[i] = mid[i];
      });
    }
    return Object.fromEntries(LEVELS.map((level, i) => [level, hi[i]]));
  }

  /** Percentile, level, thresholds and the next level of one lift. */
  rank({ exercise, sex, age, bodyweightKg, oneRmKg }) {
    const clamped = this.clamp({ exercise, sex, age, bodyweightKg });
    const lifter = { exercise, sex, age: clamped.age, bodyweightKg: clamped.bodyweightKg };
    const [percentile] = this.percentiles(lifter, [oneRmKg]);
    const thresholds = this.thresholds(lifter);
    const reached = LEVELS.filter((level) => thresholds[level] <= oneRmKg).length;
    const levelIndex = Math.max(reached - 1, 0);
    const next = levelIndex < LEVELS.length - 1 ? LEVELS[levelIndex + 1] : null;
    return {
      percentile,
      level: LEVELS[levelIndex],
      nextLevel: next,
      nextLevelKg: next ? thresholds[next] : null,
      kgToNextLevel: next ? thresholds[next] - oneRmKg : null,
      thresholds,
      extrapolated: clamped.extrapolated,
      range: clamped.range,
    };
  }
}
