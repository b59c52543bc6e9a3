/**
 * Where a training step's time goes: runs Adam steps of a design (or the reference net) on the wasm backend in Node
 * (one thread) and prints, per kernel + input shapes, milliseconds per step of self time (kernels called from inside
 * another kernel count only for the inner one), slowest first, with the phase it ran in (fwd = forward pass,
 * bwd = gradients, apply = Adam update). Also the step's wall time and the part spent outside any kernel (tape,
 * layers, engine bookkeeping, JS of the gradient functions).
 *
 * Usage: npx tsx bench/kernel-profile.ts [template-id | design.sora.json | model.json | reference] [--batch 64] [--steps 10] [--top 30]
 *        [--no-fma] (the XNNPACK convs instead of the relaxed-SIMD ones, src/tf/wasm/simd)
 */
import * as tf from '@tensorflow/tfjs';
import { KernelTimer } from '../src/tf/profile/kernel-timer';
import { registerSoraGradients } from '../src/tf/tf-setup';
import { initWasmBackend } from '../src/tf/wasm/init-wasm';
import { setFmaConvEnabled } from '../src/tf/wasm/simd/fma-conv';
import { benchNet, netArgument, numberOption } from './train-speed-helpers';
import { errorMessage } from '../src/core/result';

type Phase = 'fwd' | 'bwd' | 'apply';

async function main(): Promise<void> {
  const ref = netArgument('sora-fast-mnist');
  const batch = numberOption('batch', 64);
  const steps = numberOption('steps', 10);
  await initWasmBackend();
  registerSoraGradients();
  if (process.argv.includes('--no-fma')) setFmaConvEnabled(false);
  const model = await benchNet(ref);
  const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
  const classes = model.outputs[0].shape[1] as number;
  const adam = tf.train.adam(1e-3);
  const x = tf.randomNormal([batch, h, w, c], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2), classes);
  const timer = new KernelTimer('wasm');
  const phaseOf = new Map<string, Phase>();
  let phase: Phase = 'fwd';
  const seen = new Set<string>();
  /** Kernels first seen since the last call ran in the phase that is ending. */
  const tagPhases = () => {
    for (const r of timer.rows()) {
      if (seen.has(r.key)) continue;
      seen.add(r.key);
      phaseOf.set(r.key, phase);
    }
  };
  const step = () =>
    tf.tidy(() => {
      const { grads } = adam.computeGradients(() => {
        phase = 'fwd';
        const logits = model.apply(x, { training: true }) as tf.Tensor;
        tagPhases();
        phase = 'bwd';
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      });
      tagPhases();
      phase = 'apply';
      adam.applyGradients(grads as tf.NamedTensorMap as Parameters<typeof adam.applyGradients>[0]);
      tagPhases();
    });
  for (let i = 0; i < 3; i++) step();
  // Wall time without the timer's wrappers, then the per-kernel times with them.
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const wall = (performance.now() - t0) / steps;
  timer.install();
  const t1 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const timedWall = (performance.now() - t1) / steps;
  timer.uninstall();
  const rows = timer.rows();
  const total = timer.totalMs() / steps;
  const byPhase = new Map<Phase, number>();
  for (const r of rows) byPhase.set(phaseOf.get(r.key) ?? 'bwd', (byPhase.get(phaseOf.get(r.key) ?? 'bwd') ?? 0) + r.ms / steps);
  console.log(
    `${ref}: batch ${batch}, ${wall.toFixed(1)} ms/step wall (${((batch / wall) * 1000).toFixed(0)} img/s); timed steps ${timedWall.toFixed(1)} ms: ` +
      `kernels ${total.toFixed(1)} ms (fwd ${(byPhase.get('fwd') ?? 0).toFixed(1)}, bwd ${(byPhase.get('bwd') ?? 0).toFixed(1)}, ` +
      `apply ${(byPhase.get('apply') ?? 0).toFixed(1)}), outside kernels ${(timedWall - total).toFixed(1)} ms, ${(rows.reduce((s, r) => s + r.calls, 0) / steps).toFixed(0)} kernel calls\n`,
  );
  for (const r of rows.slice(0, numberOption('top', 30))) {
    const ms = r.ms / steps;
    console.log(
      `${ms.toFixed(2).padStart(8)} ms  ${((ms / timedWall) * 100).toFixed(1).padStart(5)}%  ${(phaseOf.get(r.key) ?? '?').padEnd(5)} ${String(r.calls / steps).padStart(3)}×  ${r.key}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exit(1);
});
