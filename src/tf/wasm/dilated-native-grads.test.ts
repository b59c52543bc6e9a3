import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_DILATED_GRAD_KERNELS } from '../gradients/native-dilated-kernels';
import { registerSoraGradients } from '../tf-setup';
import { initWasmBackend } from './init-wasm';
import { rand } from './test-random';
import { maxRelDiff } from '../../test-support/close-values';

/**
 * Dilated conv gradients on wasm run as single kernels (NATIVE_DILATED_GRAD_KERNELS: the wasm backprop kernels with
 * a dilations attr; big stride-1 maps take the GEMM filter gradient). The cpu backend has no such kernels, so there
 * the gradients are built from forward ops (dilated-*-grad.ts): both must agree.
 */
type Op = 'conv' | 'depthwise';
interface Case {
  op: Op;
  x: [number, number, number, number];
  k: [number, number];
  last: number;
  dil: [number, number];
  pad: 'same' | 'valid';
}

const cases: Case[] = [
  // 20×20 'same' output = 400 pixels: the GEMM filter gradient.
  { op: 'conv', x: [3, 20, 20, 5], k: [3, 3], last: 6, dil: [2, 2], pad: 'same' },
  { op: 'conv', x: [2, 19, 21, 4], k: [3, 2], last: 3, dil: [2, 3], pad: 'valid' },
  // Small map: the conv-based filter gradient.
  { op: 'conv', x: [2, 7, 8, 4], k: [3, 3], last: 5, dil: [2, 2], pad: 'same' },
  // Output channels a multiple of 8: the relaxed-SIMD filter gradient (simd/fma-conv.ts) where the engine has it.
  { op: 'conv', x: [2, 12, 13, 9], k: [3, 3], last: 16, dil: [2, 2], pad: 'same' },
  { op: 'conv', x: [2, 11, 12, 6], k: [3, 2], last: 8, dil: [2, 3], pad: 'valid' },
  { op: 'depthwise', x: [2, 9, 8, 3], k: [3, 3], last: 1, dil: [2, 2], pad: 'same' },
  { op: 'depthwise', x: [2, 9, 8, 3], k: [3, 2], last: 2, dil: [3, 2], pad: 'valid' },
  { op: 'depthwise', x: [2, 9, 8, 1], k: [3, 3], last: 4, dil: [2, 2], pad: 'same' },
];

async function grads(backend: string, c: Case): Promise<Float32Array[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  return tf.tidy(() => {
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const wShape = [c.k[0], c.k[1], c.x[3], c.last];
    const x = tf.tensor4d(rand(size(c.x), 1), c.x);
    const w = tf.tensor4d(rand(size(wShape), 2), wShape as [number, number, number, number]);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const y =
        c.op === 'conv'
          ? tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad, 'NHWC', c.dil)
          : tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad, 'NHWC', c.dil);
      // A loss whose output gradient differs per position and channel.
      return tf.sum(tf.mul(tf.square(y), tf.linspace(0.5, 1.5, y.shape[3])));
    };
    return tf
      .grads(f)([x, w])
      .map((g) => g.dataSync() as Float32Array);
  });
}

describe('native dilated conv gradients on wasm = forward-op gradients on cpu', () => {
  beforeAll(async () => {
    await initWasmBackend();
    registerSoraGradients();
  });

  it('wasm registers the dilated gradient kernels, cpu does not', () => {
    for (const name of Object.values(NATIVE_DILATED_GRAD_KERNELS)) {
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
      expect(tf.getKernel(name, 'cpu'), name).toBeUndefined();
    }
  });

  for (const c of cases) {
    it(`${c.op} x${c.x} k${c.k}×${c.last} d${c.dil} ${c.pad}`, async () => {
      const cpu = await grads('cpu', c);
      const wasm = await grads('wasm', c);
      expect(wasm.map((g) => g.length)).toEqual(cpu.map((g) => g.length));
      expect(Math.max(...Array.from(cpu[1], Math.abs))).toBeGreaterThan(0.1);
      expect(maxRelDiff(wasm[0], cpu[0])).toBeLessThan(1e-5);
      expect(maxRelDiff(wasm[1], cpu[1])).toBeLessThan(1e-5);
    });
  }
});
