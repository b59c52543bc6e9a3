import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../../tf-setup';
import { initWasmBackend } from '../init-wasm';
import { rand } from '../test-random';
import { fmaConvModuleBytes } from './fma-conv-module';
import { fmaConvCalls, setFmaConvEnabled } from './fma-conv';
import { relaxedSimdSupported } from './relaxed-simd';

type Shape4 = [number, number, number, number];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface Case {
  x: Shape4;
  f: Shape4;
  dil: number | [number, number];
  pad: 'same' | 'valid';
}

// Channel counts the relaxed-SIMD forward pass takes (C % 4, Cout % 8), odd widths for the short tiles.
const cases: Case[] = [
  { x: [2, 9, 11, 8], f: [3, 3, 8, 16], dil: 1, pad: 'same' },
  { x: [2, 13, 10, 12], f: [3, 3, 12, 8], dil: 2, pad: 'same' },
  { x: [3, 12, 14, 4], f: [3, 2, 4, 24], dil: [2, 3], pad: 'valid' },
  { x: [1, 7, 7, 64], f: [3, 3, 64, 64], dil: 2, pad: 'same' },
  { x: [2, 5, 6, 16], f: [1, 1, 16, 8], dil: 1, pad: 'same' },
];

/** Runs a conv kernel on `backend` and returns its values. */
async function run(backend: string, kernel: 'Conv2D' | 'FusedConv2D', c: Case, activation: 'linear' | 'relu'): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(rand(size(c.x), 1), c.x);
    const f = tf.tensor4d(rand(size(c.f), 2), c.f);
    const bias = tf.tensor1d(rand(c.f[3], 3));
    const inputs: tf.NamedTensorMap = kernel === 'Conv2D' ? { x, filter: f } : { x, filter: f, bias };
    const attrs = { strides: 1, pad: c.pad, dataFormat: 'NHWC', dilations: c.dil, activation };
    const out = tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  expect(m).toBeGreaterThan(0.01);
  return d / m;
}

describe('relaxed-SIMD conv kernels', () => {
  beforeAll(async () => {
    await initWasmBackend();
    registerSoraGradients();
  });

  it('the engine here has relaxed SIMD (Node 20 with the V8 flag initWasmBackend sets)', () => {
    expect(relaxedSimdSupported()).toBe(true);
  });

  it('the generated module validates for every memory kind and with or without FMA', () => {
    for (const fma of [true, false]) {
      for (const sharedMemory of [true, false]) expect(WebAssembly.validate(fmaConvModuleBytes({ fma, sharedMemory }))).toBe(true);
    }
  });

  for (const c of cases) {
    for (const [kernel, activation] of [
      ['Conv2D', 'linear'],
      ['FusedConv2D', 'linear'],
      ['FusedConv2D', 'relu'],
    ] as const) {
      it(`${kernel} ${activation} x${c.x} f${c.f} d${c.dil} ${c.pad} = cpu, on the relaxed-SIMD path`, async () => {
        const ref = await run('cpu', kernel, c, activation);
        const before = fmaConvCalls.forward;
        const got = await run('wasm', kernel, c, activation);
        expect(fmaConvCalls.forward).toBe(before + 1);
        expect(maxRelDiff(got, ref)).toBeLessThan(1e-5);
        if (activation === 'relu') expect(got.some((v) => v === 0)).toBe(true);
      });
    }
  }

  it('shapes the tiles do not take (stride 2, 3 input channels) run the stock kernel and still match cpu', async () => {
    const before = fmaConvCalls.forward;
    const odd: Case = { x: [2, 8, 8, 3], f: [3, 3, 3, 8], dil: 1, pad: 'same' };
    expect(maxRelDiff(await run('wasm', 'Conv2D', odd, 'linear'), await run('cpu', 'Conv2D', odd, 'linear'))).toBeLessThan(1e-5);
    expect(fmaConvCalls.forward).toBe(before);
  });

  it('turned off, the same conv runs on XNNPACK and agrees with the relaxed-SIMD result', async () => {
    const c = cases[1];
    const fast = await run('wasm', 'FusedConv2D', c, 'relu');
    const old = setFmaConvEnabled(false);
    const before = fmaConvCalls.forward;
    const stock = await run('wasm', 'FusedConv2D', c, 'relu');
    setFmaConvEnabled(old);
    expect(fmaConvCalls.forward).toBe(before);
    expect(maxRelDiff(fast, stock)).toBeLessThan(1e-5);
  });

  it('gradients of a dilated conv take the relaxed-SIMD input and filter gradients', async () => {
    await tf.setBackend('wasm');
    const before = { ...fmaConvCalls };
    tf.tidy(() => {
      const x = tf.tensor4d(rand(2 * 10 * 10 * 8, 5), [2, 10, 10, 8]);
      const w = tf.tensor4d(rand(3 * 3 * 8 * 16, 6), [3, 3, 8, 16]);
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same', 'NHWC', 2))))([x, w]);
    });
    expect(fmaConvCalls.inputGrad).toBe(before.inputGrad + 1);
    expect(fmaConvCalls.filterGrad).toBe(before.filterGrad + 1);
  });
});
