/**
 * Where a training step's time goes: runs optimizer steps of a design on the wasm backend in Node (one thread)
 * under tf.profile and prints milliseconds per step for each kernel + input shapes, slowest first.
 *
 * Usage: npx tsx bench/kernel-profile.ts [template-id | design.sora.json | model.json] [--batch 64] [--steps 5] [--top 25]
 */
import * as tf from '@tensorflow/tfjs';
import { loadFileOrTemplate } from '../src/cli/load-input';
import { compileDesign } from '../src/tf/compile';
import { registerSoraGradients } from '../src/tf/tf-setup';
import { initWasmBackend } from '../src/tf/wasm/init-wasm';

const argv = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : d;
};

async function main(): Promise<void> {
  const ref = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--'))) ?? 'sora-fast-mnist';
  const batch = opt('batch', 64);
  const steps = opt('steps', 5);
  await initWasmBackend();
  registerSoraGradients();
  const loaded = await loadFileOrTemplate(ref);
  if (!loaded.ok) throw new Error(loaded.error);
  const model = compileDesign(loaded.design);
  const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
  const classes = model.outputs[0].shape[1] as number;
  const opt_ = tf.train.adam(1e-3);
  const x = tf.randomNormal([batch, h, w, c]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32'), classes);
  const step = () =>
    tf.tidy(() => {
      opt_.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, false);
    });
  for (let i = 0; i < 3; i++) step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const wall = (performance.now() - t0) / steps;
  const prof = await tf.profile(() => {
    for (let i = 0; i < steps; i++) step();
  });
  const byKernel = new Map<string, number>();
  for (const k of prof.kernels) {
    const key = `${k.name} ${k.inputShapes.map((s) => (s ? s.join('×') : '-')).join(', ')}`;
    byKernel.set(key, (byKernel.get(key) ?? 0) + (k.kernelTimeMs as number) / steps);
  }
  const rows = [...byKernel].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, v]) => s + v, 0);
  console.log(
    `${ref}: batch ${batch}, ${wall.toFixed(1)} ms/step wall (${((batch / wall) * 1000).toFixed(0)} img/s), kernels ${total.toFixed(1)} ms/step\n`,
  );
  for (const [k, v] of rows.slice(0, opt('top', 25)))
    console.log(`${v.toFixed(2).padStart(8)} ms  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
