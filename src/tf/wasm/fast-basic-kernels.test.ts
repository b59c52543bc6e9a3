import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from './init-wasm';
import { rand } from './test-random';

async function both(f: () => tf.Tensor): Promise<{ cpu: tf.Tensor; wasm: tf.Tensor }> {
  await tf.setBackend('cpu');
  const cpu = f();
  await tf.setBackend('wasm');
  const wasm = f();
  return { cpu, wasm };
}

async function expectSame(f: () => tf.Tensor, tol = 1e-5): Promise<number[]> {
  const { cpu, wasm } = await both(f);
  expect(wasm.shape).toEqual(cpu.shape);
  const a = cpu.dataSync();
  const b = wasm.dataSync();
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
  return wasm.shape;
}

describe('wasm fast paths (Sum, Mean, Tile, MaxPoolGrad) match the cpu backend', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('Sum and Mean over leading axes, with and without keepDims, and other axes via the original kernel', async () => {
    const v = rand(3 * 5 * 4 * 7, 1);
    const x = () => tf.tensor4d(v, [3, 5, 4, 7]);
    expect(await expectSame(() => tf.sum(x(), [0, 1, 2]))).toEqual([7]);
    expect(await expectSame(() => tf.mean(x(), [2, 0, 1], true))).toEqual([1, 1, 1, 7]);
    expect(await expectSame(() => tf.sum(x(), [1, 2]))).toEqual([3, 7]);
    expect(await expectSame(() => tf.mean(x(), -1))).toEqual([3, 5, 4]);
    expect(await expectSame(() => tf.sum(tf.tensor2d(v.subarray(0, 60), [12, 5]), 0))).toEqual([5]);
    expect(await expectSame(() => tf.mean(tf.tensor3d(v.subarray(0, 105), [3, 5, 7]), [0, 1]))).toEqual([7]);
  });

  it('Tile for batch-norm shapes and general reps', async () => {
    const v = rand(2 * 3 * 4, 2);
    expect(await expectSame(() => tf.tile(tf.tensor4d(v.subarray(0, 6), [1, 1, 1, 6]), [4, 3, 5, 1]))).toEqual([4, 3, 5, 6]);
    expect(await expectSame(() => tf.tile(tf.tensor3d(v, [2, 3, 4]), [2, 1, 3]))).toEqual([4, 3, 12]);
    expect(await expectSame(() => tf.tile(tf.tensor2d(v.subarray(0, 6), [2, 3]), [1, 1]))).toEqual([2, 3]);
  });

  for (const [shape, size, stride, pad] of [
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[2, 7, 9, 3], 2, 2, 'valid'], // 2×2 fast path, odd last row/column left at 0
    [[1, 6, 4, 2], 2, 2, 'same'], // 2×2 fast path (even sizes need no padding)
    [[2, 7, 7, 4], 2, 2, 'same'], // padded: general loop
    [[2, 7, 9, 5], 3, 2, 'same'],
    [[1, 5, 5, 2], 3, 1, 'same'],
  ] as const) {
    it(`MaxPoolGrad x${shape} pool ${size} stride ${stride} ${pad}`, async () => {
      const v = rand(
        shape.reduce((p: number, d: number) => p * d, 1),
        3,
      );
      const g = (a: tf.Tensor) =>
        tf
          .maxPool(a as tf.Tensor4D, size, stride, pad)
          .mul(tf.range(1, 2, 1 / 64).slice(0, shape[3]))
          .sum();
      await expectSame(() => tf.grad(g)(tf.tensor4d(v, [...shape] as [number, number, number, number])));
    });
  }

  it('MaxPoolGrad routes ties to one position only', async () => {
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    await tf.setBackend('wasm');
    const dx = tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    expect(Array.from(dx.dataSync())).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('Identity (the engine clones saved tensors) shares the data and keeps it alive after the source is disposed', async () => {
    await tf.setBackend('wasm');
    const buffers = () => tf.backend().numDataIds();
    const before = buffers();
    const x = tf.tensor2d([1, -2, 3, 4.5], [2, 2]);
    const y = tf.clone(x);
    expect(buffers() - before).toBe(1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3, 4.5]);
    expect(y.shape).toEqual([2, 2]);
    y.dispose();
    expect(buffers()).toBe(before);
  });

  it('ReLU gradient on wasm (dy · step(x), no Cast) equals the stock cpu gradient, 0 at x = 0', async () => {
    const v = Float32Array.from([-1, 0, 0.5, 2, -3, 0, 1e-8, -1e-8]);
    const dy = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const g = () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), tf.tensor1d(dy))))(tf.tensor1d(v));
    await expectSame(g, 1e-12);
    await tf.setBackend('wasm');
    expect(Array.from(g().dataSync())).toEqual([0, 0, 3, 4, 0, 0, 7, 0]);
  });
});
