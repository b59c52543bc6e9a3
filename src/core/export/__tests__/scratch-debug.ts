import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFilesFromModel } from '../../../tf/export/model-artifact';
import { assembleArtifact, parseModelJson } from '../artifact';
import { exportArtifact } from '../bundle';
import { runPythonJson, writeF32 } from './python';
import { randomInput, randomizeWeights, useCpu } from './tf-models';

const acts = ['relu6','hardSigmoid','softsign','mish','gelu','gelu_new','softmax','selu','elu'];
const variants: Record<string, () => tf.Sequential> = {
  sep_d2_valid: () => { const m = tf.sequential(); m.add(tf.layers.separableConv2d({ inputShape: [9, 9, 3], filters: 4, kernelSize: 3, dilationRate: 2, depthMultiplier: 2 })); return m; },
  conv_d2_valid: () => { const m = tf.sequential(); m.add(tf.layers.conv2d({ inputShape: [9, 10, 3], filters: 4, kernelSize: [3, 2], dilationRate: [2, 3] })); return m; },
  relu_max: () => { const m = tf.sequential(); m.add(tf.layers.reLU({ inputShape: [5], maxValue: 0.3 })); return m; },
  softmax_layer: () => { const m = tf.sequential(); m.add(tf.layers.softmax({ inputShape: [3, 3, 4], axis: -1 })); return m; },
  zpad: () => { const m = tf.sequential(); m.add(tf.layers.zeroPadding2d({ inputShape: [3, 3, 2], padding: [[1, 2], [0, 3]] })); return m; },
};
for (const a of acts) variants['act_' + a] = () => { const m = tf.sequential(); m.add(tf.layers.dense({ inputShape: [6], units: 5, activation: a as 'relu' })); return m; };
await useCpu();
const root = mkdtempSync(join(tmpdir(), 'dbg-'));
let seed = 5;
for (const [id, b] of Object.entries(variants)) {
  const model = b(); randomizeWeights(model, seed++);
  const { modelJson, weightsBin } = await modelFilesFromModel(model);
  const { files } = exportArtifact(assembleArtifact(parseModelJson(modelJson), () => weightsBin), 'pytorch');
  const dir = join(root, id); mkdirSync(dir);
  for (const f of files) writeFileSync(join(dir, f.path), f.data);
  const x = randomInput([2, ...(model.inputs[0].shape.slice(1) as number[])], seed);
  const y = model.predict(x) as tf.Tensor;
  writeF32(dir, 'in0.bin', x.dataSync() as Float32Array); writeF32(dir, 'out0.bin', y.dataSync() as Float32Array);
  writeFileSync(join(dir, 'case.json'), JSON.stringify({ inputs: [{ file: 'in0.bin', shape: x.shape }], outputs: [{ file: 'out0.bin', shape: y.shape }] }));
}
console.log(JSON.stringify(runPythonJson(join(import.meta.dirname, 'check_torch_exports.py'), [root]), null, 0));
console.log(root);
