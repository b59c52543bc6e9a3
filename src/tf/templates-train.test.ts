import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Design } from '../core/graph/types';
import { TEMPLATES } from '../core/templates';
import { compileDesign } from './compile';
import { registerSoraGradients } from './tf-setup';
import { initWasmBackend } from './wasm/init-wasm';

/**
 * Every template trains on the wasm backend in Node: a few Adam steps on one fixed batch must lower the
 * loss. MobileNet v1 and the seed baseline are trained at a 32×32 input (their 224×224 originals are too
 * large for a unit test; the layers and their gradients are the same). The cpu backend's element-wise conv
 * backprop takes ~4 s a step on these, so on cpu only the two MNIST-sized templates run, for 6 steps.
 */
const CPU_TEMPLATES = new Set(['sora-lite-mnist', 'sora-residual']);
const SMALL_INPUT: Record<string, [number, number, number]> = {
  'mobilenet-v1': [32, 32, 3],
  'seed-baseline': [32, 32, 3],
};

function withInput(design: Design, hwc: [number, number, number] | undefined): Design {
  if (!hwc) return design;
  return {
    ...design,
    blocks: design.blocks.map((b) => (b.kind === 'input' ? { ...b, params: { ...b.params, height: hwc[0], width: hwc[1], channels: hwc[2] } } : b)),
  };
}

/** Loss before and after `steps` Adam steps on one fixed random batch. */
async function lossDrop(design: Design, steps: number): Promise<{ first: number; last: number }> {
  const model = compileDesign(design);
  const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
  const classes = model.outputs[0].shape[1] as number;
  const n = 4;
  const xs = tf.randomUniform([n, h, w, c], 0, 1, 'float32', 11);
  const ys = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        [0, 1, 2, 3].map((i) => i % classes),
        'int32',
      ),
      classes,
    ),
  );
  const optimizer = tf.train.adam(0.003);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const hist = await model.fit(xs, ys, { epochs: steps, batchSize: n, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  const loss = hist.history.loss as number[];
  return { first: loss[0], last: loss[loss.length - 1] };
}

describe.each(['cpu', 'wasm'] as const)('every template trains on the %s backend', (backend) => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const steps = backend === 'cpu' ? 6 : 12;
  for (const t of TEMPLATES.filter((x) => backend === 'wasm' || CPU_TEMPLATES.has(x.id))) {
    it(`${t.id}: the loss falls over ${steps} steps`, async () => {
      registerSoraGradients();
      if (backend === 'wasm') await initWasmBackend();
      else await tf.setBackend('cpu');
      expect(tf.getBackend()).toBe(backend);
      const before = tf.memory().numTensors;
      const { first, last } = await lossDrop(withInput(t.build(), SMALL_INPUT[t.id]), steps);
      expect(Number.isFinite(first)).toBe(true);
      expect(last).toBeLessThan(first * 0.8);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
