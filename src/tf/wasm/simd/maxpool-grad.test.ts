import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../init-wasm';
import { rand } from '../test-random';
import { maxPoolGradSimdCalls, setMaxPoolGradSimdEnabled } from './maxpool-grad';
import { maxPoolGradModuleBytes } from './maxpool-grad-module';

type Shape4 = [number, number, number, number];
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Values on a coarse grid (many ties inside a window), optionally with NaN, ±Infinity and −0 sprinkled in. */
function poolInput(n: number, seed: number, specials: boolean): Float32Array {
  const v = rand(n, seed).map((a) => Math.round(a * 6) / 2);
  if (specials) {
    const s = [NaN, Infinity, -Infinity, -0, NaN, 0];
    for (let i = 0; i < n; i += 7) v[i] = s[(i / 7) % s.length];
  }
  return v;
}

/** MaxPoolGrad (2×2, stride 2, 'valid') on `backend`; the SIMD path on or off. Returns dx's bits. */
async function poolGrad(backend: string, shape: Shape4, x: Float32Array, dyValues: Float32Array, simd = true): Promise<Uint32Array> {
  await tf.setBackend(backend);
  const old = setMaxPoolGradSimdEnabled(simd);
  try {
    const values = tf.tidy(() => {
      const input = tf.tensor4d(x, shape);
      const output = tf.maxPool(input, 2, 2, 'valid');
      const dy = tf.tensor(dyValues.subarray(0, output.size), output.shape);
      const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
      expect(dx.shape).toEqual(shape);
      return (dx.dataSync() as Float32Array).slice();
    });
    return new Uint32Array(values.buffer);
  } finally {
    setMaxPoolGradSimdEnabled(old);
  }
}

function dyFor(n: number, seed: number, specials: boolean): Float32Array {
  const v = rand(n, seed);
  if (specials) for (let i = 3; i < n; i += 11) v[i] = i % 2 === 0 ? -0 : NaN;
  return v;
}

describe('MaxPoolGrad 2×2 / stride 2 on wasm SIMD', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('the generated module validates for shared and unshared memory', () => {
    expect(WebAssembly.validate(maxPoolGradModuleBytes(false))).toBe(true);
    expect(WebAssembly.validate(maxPoolGradModuleBytes(true))).toBe(true);
  });

  // C a multiple of 4, C % 4 ≠ 0 (last vector overlaps), odd H / W (last row / column stays 0), C = 4 (one vector).
  const shapes: Shape4[] = [
    [2, 8, 8, 8],
    [2, 6, 10, 4],
    [3, 7, 9, 5],
    [1, 9, 6, 6],
    [2, 4, 5, 7],
    [2, 10, 10, 12],
    [1, 6, 6, 64],
  ];
  for (const shape of shapes) {
    it(`x${shape}: bit-identical to the cpu backend (ties included) and to the JS loop, on the SIMD path`, async () => {
      const x = poolInput(size(shape), 1, false);
      const dy = dyFor(size(shape), 2, false);
      const cpu = await poolGrad('cpu', shape, x, dy);
      const before = maxPoolGradSimdCalls.count;
      const simd = await poolGrad('wasm', shape, x, dy);
      expect(maxPoolGradSimdCalls.count).toBe(before + 1);
      const js = await poolGrad('wasm', shape, x, dy, false);
      expect(maxPoolGradSimdCalls.count).toBe(before + 1);
      expect(simd).toEqual(cpu);
      expect(js).toEqual(cpu);
      // Routed somewhere: not all zero.
      expect(simd.some((b) => b !== 0)).toBe(true);
    });

    it(`x${shape}: NaN, ±Infinity and −0 in x and dy go where the JS loop sends them`, async () => {
      const x = poolInput(size(shape), 3, true);
      const dy = dyFor(size(shape), 4, true);
      const before = maxPoolGradSimdCalls.count;
      const simd = await poolGrad('wasm', shape, x, dy);
      expect(maxPoolGradSimdCalls.count).toBe(before + 1);
      const js = await poolGrad('wasm', shape, x, dy, false);
      expect(simd).toEqual(js);
    });
  }

  it('a window whose first value is NaN sends dy there; a NaN later never wins', async () => {
    const shape: Shape4 = [1, 2, 2, 4];
    // Pixel-major: p00, p01, p10, p11, 4 channels each. Channel 0: NaN first wins; 1: NaN second, p00 keeps it;
    // 2: p01 beats p00, NaN at p10 does not; 3: p10 = 3 wins, NaN at p11 does not.
    const x = new Float32Array([NaN, 1, 1, 1, 5, NaN, 2, 0, 9, 1, NaN, 3, 1, 1, 1, NaN]);
    const dy = new Float32Array([10, 20, 30, 40]);
    const got = new Float32Array((await poolGrad('wasm', shape, x, dy)).buffer);
    expect(Array.from(got)).toEqual([10, 20, 0, 0, 0, 0, 30, 0, 0, 0, 0, 40, 0, 0, 0, 0]);
  });

  it('fewer than 4 channels, or a pool it does not cover, stay on the JS loops and still match cpu', async () => {
    const before = maxPoolGradSimdCalls.count;
    const shape: Shape4 = [2, 6, 6, 3];
    const x = poolInput(size(shape), 5, false);
    const dy = dyFor(size(shape), 6, false);
    expect(await poolGrad('wasm', shape, x, dy)).toEqual(await poolGrad('cpu', shape, x, dy));
    await tf.setBackend('wasm');
    tf.tidy(() => tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 3, 2, 'same').sum())(tf.tensor4d(rand(2 * 7 * 7 * 8, 7), [2, 7, 7, 8])));
    expect(maxPoolGradSimdCalls.count).toBe(before);
  });
});
