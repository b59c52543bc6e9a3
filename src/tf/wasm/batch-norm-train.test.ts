import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../tf-setup';
import { initWasmBackend } from './init-wasm';

function maxRelErr(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  const scale = Math.max(1e-6, ...Array.from(y, Math.abs));
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]) / scale);
  return m;
}

/** Batch norm in training mode from plain tfjs ops (what stock tfjs-layers computes), for reference. */
function referenceBn(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return tf.batchNorm(x, mean, variance, beta, gamma, eps);
}

describe('fused batch-norm training kernels (wasm)', () => {
  beforeAll(async () => {
    registerSoraGradients();
    await initWasmBackend();
  });

  for (const shape of [
    [3, 5, 4, 6],
    [7, 9],
    [2, 3, 3, 1],
  ]) {
    it(`match plain-op batch norm: values, dx, dgamma, dbeta (x ${shape.join('×')})`, () => {
      const layer = tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.9, inputShape: shape.slice(1) });
      const C = shape[shape.length - 1];
      layer.build([null, ...shape.slice(1)]);
      const gamma = tf.randomUniform([C], 0.5, 1.5, 'float32', 3);
      const beta = tf.randomNormal([C], 0, 0.5, 'float32', 4);
      layer.setWeights([gamma, beta, tf.zeros([C]), tf.ones([C])]);
      // Shifted, scaled data: the variance must survive a large mean.
      const x = tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 5), 3), 20);
      const w = tf.randomNormal(shape, 0, 1, 'float32', 6); // loss = Σ w·y
      const fused = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, w)));
      const ref = tf.grads((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(referenceBn(xx, g, b, 1e-3), w)));
      expect(tf.getBackend()).toBe('wasm');
      const yFused = layer.apply(x, { training: true }) as tf.Tensor;
      expect(maxRelErr(yFused, referenceBn(x, gamma, beta, 1e-3))).toBeLessThan(1e-5);
      const [dxRef, dgRef, dbRef] = ref([x, gamma, beta]);
      const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar, vars);
      const [gName, bName] = vars.map((v) => v.name);
      expect(maxRelErr(grads[gName], dgRef)).toBeLessThan(1e-4);
      expect(maxRelErr(grads[bName], dbRef)).toBeLessThan(1e-5);
      const dxFused = fused(x);
      expect(maxRelErr(dxFused, dxRef)).toBeLessThan(1e-4);
      // dx of a batch-norm output sums to ~0 per channel (the mean is subtracted).
      const perChannel = tf.sum(tf.reshape(dxFused, [-1, C]), 0).dataSync();
      const dxScale = tf.max(tf.abs(dxFused)).dataSync()[0];
      for (const v of perChannel) expect(Math.abs(v)).toBeLessThan(1e-3 * dxScale * shape[0]);
    });
  }

  it('updates the moving mean and variance like the stock layer and leaks nothing', () => {
    const layer = tf.layers.batchNormalization({ momentum: 0.9 });
    const x = tf.tensor2d([
      [1, 10],
      [3, 14],
      [5, 18],
      [7, 22],
    ]);
    layer.build([null, 2]);
    tf.tidy(() => {
      layer.apply(x, { training: true });
    });
    const [, , movingMean, movingVar] = layer.getWeights();
    // mean [4, 16], biased variance [5, 20]; moving = 0.9·initial + 0.1·batch.
    expect(Array.from(movingMean.dataSync())).toEqual([expect.closeTo(0.4, 6), expect.closeTo(1.6, 6)]);
    expect(Array.from(movingVar.dataSync())).toEqual([expect.closeTo(0.9 + 0.5, 6), expect.closeTo(0.9 + 2, 6)]);
    const before = tf.memory().numTensors;
    const beforeIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    tf.tidy(() => {
      layer.apply(x, { training: true });
      tf.grad((xx: tf.Tensor) => tf.sum(layer.apply(xx, { training: true }) as tf.Tensor))(x);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(beforeIds);
    layer.setWeights([tf.ones([2]), tf.zeros([2]), tf.tensor1d([0.4, 1.6]), tf.tensor1d([1.4, 2.9])]);
    // Inference still uses the moving statistics (stock path).
    const y = (layer.apply(x, { training: false }) as tf.Tensor).dataSync();
    expect(y[0]).toBeCloseTo((1 - 0.4) / Math.sqrt(1.4 + 1e-3), 4);
  });
});
