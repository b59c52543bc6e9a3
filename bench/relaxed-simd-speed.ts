/**
 * What the relaxed-SIMD conv kernels (src/tf/wasm/simd: forward, input and filter gradients) buy: Adam steps of a net on the wasm backend in Node,
 * alternating blocks of steps with the kernels on and off in one process, so both see the same machine load.
 * Prints the median step time of each and their ratio.
 *
 * Usage: npx tsx bench/relaxed-simd-speed.ts [reference | template-id] [--batch 64] [--rounds 6] [--steps 3]
 */
import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../src/core/result';
import { registerSoraGradients } from '../src/tf/tf-setup';
import { initWasmBackend } from '../src/tf/wasm/init-wasm';
import { fmaConvCalls, setFmaConvEnabled } from '../src/tf/wasm/simd/fma-conv';
import { relaxedSimdSupported } from '../src/tf/wasm/simd/relaxed-simd';
import { benchNet, medianOf, netArgument, numberOption } from './train-speed-helpers';

async function main(): Promise<void> {
  const ref = netArgument('reference');
  const batch = numberOption('batch', 64);
  const rounds = numberOption('rounds', 6);
  const steps = numberOption('steps', 3);
  await initWasmBackend();
  registerSoraGradients();
  if (!relaxedSimdSupported()) throw new Error('this engine has no WebAssembly relaxed SIMD');
  const model = await benchNet(ref);
  const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
  const classes = model.outputs[0].shape[1] as number;
  const adam = tf.train.adam(1e-3);
  const x = tf.randomNormal([batch, h, w, c], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2), classes);
  const step = () =>
    tf.tidy(() => {
      const { grads } = adam.computeGradients(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      adam.applyGradients(grads as tf.NamedTensorMap as Parameters<typeof adam.applyGradients>[0]);
    });
  const times = { on: [] as number[], off: [] as number[] };
  for (const on of [true, false]) {
    setFmaConvEnabled(on);
    for (let i = 0; i < 3; i++) step();
  }
  const calls0 = { ...fmaConvCalls };
  for (let r = 0; r < rounds; r++) {
    for (const on of r % 2 === 0 ? [true, false] : [false, true]) {
      setFmaConvEnabled(on);
      for (let i = 0; i < steps; i++) {
        const t = performance.now();
        step();
        times[on ? 'on' : 'off'].push(performance.now() - t);
      }
    }
  }
  setFmaConvEnabled(true);
  const per = (k: keyof typeof fmaConvCalls) => (fmaConvCalls[k] - calls0[k]) / (rounds * steps);
  const on = medianOf(times.on);
  const off = medianOf(times.off);
  console.log(`${ref}, batch ${batch}, ${rounds * steps} steps each, alternated (load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
  console.log(`relaxed-SIMD convs per step: forward ${per('forward')}, input gradient ${per('inputGrad')}, filter gradient ${per('filterGrad')}`);
  console.log(
    `median step: relaxed SIMD on ${on.toFixed(1)} ms (${((batch / on) * 1000).toFixed(0)} img/s), off ${off.toFixed(1)} ms (${((batch / off) * 1000).toFixed(0)} img/s): ${(off / on).toFixed(2)}× faster`,
  );
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exit(1);
});
