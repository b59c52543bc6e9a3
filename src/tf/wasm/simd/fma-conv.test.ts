import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../../tf-setup';
import { initWasmBackend } from '../init-wasm';
import { rand } from '../test-random';
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

/** The gradients of Σ conv(x, w)² · ramp on `backend`: [dx, dW]. */
async function grads(backend: string, c: Case): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(rand(size(c.x), 1), c.x);
    const w = tf.tensor4d(rand(size(c.f), 2), c.f);
    const loss = (a: tf.Tensor, b: tf.Tensor) => {
      const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad, 'NHWC', c.dil);
      return tf.sum(tf.mul(tf.square(y), tf.linspace(0.5, 1.5, y.shape[3])));
    };
    return tf
      .grads(loss)([x, w])
      .map((g) => g.dataSync() as Float32Array);
  });
}

describe('relaxed-SIMD conv filter gradient', () => {
  beforeAll(async () => {
    await initWasmBackend();
    registerSoraGradients();
  });

  it('the engine here has relaxed SIMD (Node 20 with the V8 flag initWasmBackend sets)', () => {
    expect(relaxedSimdSupported()).toBe(true);
  });

  it('the generated module validates for every memory kind, with or without FMA', () => {
    for (const fma of [true, false]) {
      for (const sharedMemory of [true, false]) expect(WebAssembly.validate(fmaConvModuleBytes({ fma, sharedMemory }))).toBe(true);
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
    it(`x${c.x} f${c.f} d${c.dil} ${c.pad}: the dW of a dilated conv runs here and equals cpu's`, async () => {
      const [, refDw] = await grads('cpu', c);
      const before = fmaConvCalls.filterGrad;
      const [, dw] = await grads('wasm', c);
      expect(fmaConvCalls.filterGrad).toBe(before + 1);
      expect(maxRelDiff(dw, refDw)).toBeLessThan(1e-5);
    });
  }

  it('output channels that are not a multiple of 8 keep the XNNPACK path', async () => {
    const before = fmaConvCalls.filterGrad;
    const c: Case = { x: [2, 9, 9, 8], f: [3, 3, 8, 6], dil: 2, pad: 'same' };
    const [, dw] = await grads('wasm', c);
    expect(fmaConvCalls.filterGrad).toBe(before);
    expect(maxRelDiff(dw, (await grads('cpu', c))[1])).toBeLessThan(1e-5);
  });

  it('turned off, the same gradient runs on XNNPACK and agrees', async () => {
    const c = cases[0];
    const [, fast] = await grads('wasm', c);
    const old = setFmaConvEnabled(false);
    const before = fmaConvCalls.filterGrad;
    const [, stock] = await grads('wasm', c);
    setFmaConvEnabled(old);
    expect(fmaConvCalls.filterGrad).toBe(before);
    expect(maxRelDiff(fast, stock)).toBeLessThan(1e-5);
  });
});
