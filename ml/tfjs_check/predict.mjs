// Runs the TF.js graph model under Node with pure-JS @tensorflow/tfjs (no native tfjs-node).
// Usage: node predict.mjs <tfjs model dir> < inputs.json > percentiles.json
// inputs.json: {"exercise": [int, ...], "sex": [...], "age": [...], "bodyweight_kg": [...],
// "one_rm_kg": [...]}; output: {"percentile": [...], "backend": "cpu"}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";

// Reads model.json and its weight shards from disk (tf.io has no file:// loader without tfjs-node).
function fileHandler(dir) {
  return {
    async load() {
      const manifest = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
      const weightSpecs = [];
      const buffers = [];
      for (const group of manifest.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const path of group.paths) {
          const bytes = readFileSync(join(dir, path));
          buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        }
      }
      return {
        modelTopology: manifest.modelTopology,
        format: manifest.format,
        generatedBy: manifest.generatedBy,
        convertedBy: manifest.convertedBy,
        signature: manifest.signature,
        userDefinedMetadata: manifest.userDefinedMetadata,
        weightSpecs,
        weightData: tf.io.concatenateArrayBuffers(buffers),
      };
    },
  };
}

async function main() {
  await tf.setBackend("cpu");
  const model = await tf.loadGraphModel(fileHandler(process.argv[2]));
  const inputs = JSON.parse(readFileSync(0, "utf8"));
  const n = inputs.one_rm_kg.length;
  const feeds = {};
  for (const input of model.inputs) {
    const name = input.name.replace(/:0$/, "");
    const dtype = name === "exercise" ? "int32" : "float32";
    feeds[input.name] = tf.tensor2d(inputs[name], [n, 1], dtype);
  }
  const output = model.execute(feeds);
  const percentile = Array.from(await output.data());
  process.stdout.write(JSON.stringify({ percentile, backend: tf.getBackend() }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
