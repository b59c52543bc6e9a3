import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../../tf-setup';
import { initWasmBackend } from '../init-wasm';
import { rand } from '../test-random';
import { convForwardModuleBytes } from './conv-forward-module';
import { fmaConvModuleBytes } from './fma-conv-module';
import { fmaConvCalls, setFmaConvEnabled } from './fma-conv';
import { relaxedSimdSupported } from './relaxed-simd';
import { maxRelDiff } from '../../../test-support/close-values';

type Shape4 = [number, number, number, number];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface Case {
  x: Shape4;
  f: Shape4;
  dil: number | [number, number];
  pad: 'same' | 'valid';
}

/** conv(x, w) and the gradients of Σ conv(x, w)² · ramp on `backend`. */
async function grads(backend: string, c: Case): Promise<{ y: Float32Array; dx: Float32Array; dw: Float32Array }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(rand(size(c.x), 1), c.x);
    const w = tf.tensor4d(rand(size(c.f), 2), c.f);
    const conv = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad, 'NHWC', c.dil);
    const loss = (a: tf.Tensor, b: tf.Tensor) => {
      const y = conv(a, b);
      return tf.sum(tf.mul(tf.square(y), tf.linspace(0.5, 1.5, y.shape[3])));
    };
    const [dx, dw] = tf
      .grads(loss)([x, w])
      .map((g) => g.dataSync() as Float32Array);
    return { y: conv(x, w).dataSync() as Float32Array, dx, dw };
  });
}

/** One Conv2D / FusedConv2D kernel call (bias ramp, the given activation) on `backend`. */
async function runConvKernel(backend: string, kernel: 'Conv2D' | 'FusedConv2D', c: Case, activation: 'linear' | 'relu'): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(rand(size(c.x), 3), c.x);
    const filter = tf.tensor4d(rand(size(c.f), 4), c.f);
    const bias = tf.tensor1d(rand(c.f[3], 5));
    const inputs: tf.NamedTensorMap = kernel === 'Conv2D' ? { x, filter } : { x, filter, bias };
    const attrs = { strides: 1, pad: c.pad, dataFormat: 'NHWC', dilations: c.dil, activation };
    return (tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
  });
}

describe('relaxed-SIMD conv: forward, input gradient, filter gradient', () => {
  beforeAll(async () => {
    await initWasmBackend();
    registerSoraGradients();
  });

  it('the engine here has relaxed SIMD (Node 20 with the V8 flag initWasmBackend sets)', () => {
    expect(relaxedSimdSupported()).toBe(true);
  });

  it('the generated module validates for every memory kind, with or without FMA', () => {
    for (const fma of [true, false]) {
      for (const sharedMemory of [true, false]) {
        expect(WebAssembly.validate(fmaConvModuleBytes({ fma, sharedMemory }))).toBe(true);
        expect(WebAssembly.validate(convForwardModuleBytes({ fma, sharedMemory }))).toBe(true);
      }
    }
  });

  const cases: Case[] = [
    // 3 output rows of 28: several chunks per image; 13 input channels: tiles of 6, 6 and 1.
    { x: [2, 28, 28, 13], f: [3, 3, 13, 16], dil: 2, pad: 'same' },
    { x: [3, 11, 12, 7], f: [3, 2, 7, 8], dil: [2, 3], pad: 'valid' },
    { x: [2, 7, 7, 64], f: [3, 3, 64, 64], dil: 2, pad: 'same' },
    { x: [2, 6, 5, 5], f: [1, 1, 5, 8], dil: 1, pad: 'same' },
  ];
  for (const c of cases) {
    it(`x${c.x} f${c.f} d${c.dil} ${c.pad}: forward, dx and dW run here and equal cpu's`, async () => {
      const ref = await grads('cpu', c);
      const before = { ...fmaConvCalls };
      const got = await grads('wasm', c);
      // Output channels are multiples of 8 in every case; dx runs here when the input channels are too.
      // Two forward passes (the one the gradients record, the one for y) where the kernel is larger than 1×1.
      const spatial = c.f[0] * c.f[1] > 1;
      expect(fmaConvCalls.forward).toBe(before.forward + (spatial ? 2 : 0));
      expect(fmaConvCalls.inputGrad).toBe(before.inputGrad + (spatial && c.x[3] % 8 === 0 ? 1 : 0));
      expect(fmaConvCalls.filterGrad).toBe(before.filterGrad + 1);
      expect(maxRelDiff(got.y, ref.y)).toBeLessThan(1e-5);
      expect(maxRelDiff(got.dx, ref.dx)).toBeLessThan(1e-5);
      expect(maxRelDiff(got.dw, ref.dw)).toBeLessThan(1e-5);
    });
  }

  for (const [kernel, activation] of [
    ['Conv2D', 'linear'],
    ['FusedConv2D', 'linear'],
    ['FusedConv2D', 'relu'],
  ] as const) {
    it(`${kernel} ${activation} (bias, odd widths, 7×7 kernel) = cpu, on the relaxed-SIMD path`, async () => {
      const c: Case = { x: [2, 13, 11, 6], f: [7, 7, 6, 16], dil: 1, pad: 'same' };
      const ref = await runConvKernel('cpu', kernel, c, activation);
      const before = fmaConvCalls.forward;
      const got = await runConvKernel('wasm', kernel, c, activation);
      expect(fmaConvCalls.forward).toBe(before + 1);
      expect(maxRelDiff(got, ref)).toBeLessThan(1e-5);
      if (activation === 'relu') expect(got.some((v) => v === 0)).toBe(true);
    });
  }

  it('output channels that are not a multiple of 8 keep the XNNPACK path (forward and dW; dx still runs here)', async () => {
    const before = { ...fmaConvCalls };
    const c: Case = { x: [2, 9, 9, 8], f: [3, 3, 8, 6], dil: 2, pad: 'same' };
    const got = await grads('wasm', c);
    expect(fmaConvCalls.forward).toBe(before.forward);
    expect(fmaConvCalls.filterGrad).toBe(before.filterGrad);
    expect(fmaConvCalls.inputGrad).toBe(before.inputGrad + 1);
    const ref = await grads('cpu', c);
    expect(maxRelDiff(got.y, ref.y)).toBeLessThan(1e-5);
    expect(maxRelDiff(got.dx, ref.dx)).toBeLessThan(1e-5);
    expect(maxRelDiff(got.dw, ref.dw)).toBeLessThan(1e-5);
  });

  it('turned off, the same conv and gradients run on XNNPACK and agree', async () => {
    const c = cases[2];
    const fast = await grads('wasm', c);
    const old = setFmaConvEnabled(false);
    const before = { ...fmaConvCalls };
    const stock = await grads('wasm', c);
    setFmaConvEnabled(old);
    expect(fmaConvCalls).toEqual(before);
    expect(maxRelDiff(fast.y, stock.y)).toBeLessThan(1e-5);
    expect(maxRelDiff(fast.dx, stock.dx)).toBeLessThan(1e-5);
    expect(maxRelDiff(fast.dw, stock.dw)).toBeLessThan(1e-5);
  });
});
