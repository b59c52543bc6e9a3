// Loads exported tfjs layers models with STOCK @tensorflow/tfjs only — no project code, no patches — and
// predicts on given inputs, as a user's own page would. Used by stock-tfjs-export.test.ts in a child process.
// usage: node stock-tfjs-predict.mjs job.json result.json
//   job.json:    { "cases": [{ "id", "modelJson": "/abs/model.json", "inputShape": [n,h,w,c], "input": [numbers] }] }
//   result.json: { "<id>": { "shape": [...], "values": [...] } | { "error": "message" } }
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file:// style load handler: model.json + the weight files its manifest names, read from disk. */
function fileHandler(modelJsonPath) {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8'));
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = [];
        const parts = [];
        for (const group of manifest) {
          for (const p of group.paths) parts.push(readFileSync(join(dirname(modelJsonPath), p)));
          specs.push(...group.weights);
        }
        const all = Buffer.concat(parts);
        return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)];
      });
    },
  };
}

const [jobPath, resultPath] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobPath, 'utf8'));
await tf.setBackend('cpu');
const results = {};
for (const c of job.cases) {
  try {
    const model = await tf.loadLayersModel(fileHandler(c.modelJson));
    const x = tf.tensor(c.input, c.inputShape, 'float32');
    const y = model.predict(x);
    results[c.id] = { shape: y.shape, values: Array.from(await y.data()) };
    tf.dispose([x, y]);
    model.dispose();
  } catch (e) {
    results[c.id] = { error: e instanceof Error ? e.message : String(e) };
  }
}
writeFileSync(resultPath, JSON.stringify(results));
