import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../init-wasm';
import { rand } from '../test-random';
import { depthwiseFilterGradSimdCalls, setDepthwiseFilterGradSimdEnabled } from './depthwise-filter-grad';
import { type DepthwiseFilterGradExports, depthwiseFilterGradModuleBytes } from './depthwise-filter-grad-module';
import { maxRelDiff } from '../../../test-support/close-values';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

interface Case {
  x: Shape4;
  /** Kernel height and width. */
  k: [number, number];
  pad: Pad;
  dil?: number | [number, number];
}

function dyShape(c: Case): Shape4 {
  const info = tf.backend_util.computeConv2DInfo(c.x, [c.k[0], c.k[1], c.x[3], 1], 1, c.dil ?? 1, c.pad, undefined, true, 'channelsLast');
  return [info.batchSize, info.outHeight, info.outWidth, c.x[3]];
}

/** DepthwiseConv2dNativeBackpropFilter on `backend`, the SIMD path on or off. */
async function filterGrad(backend: string, c: Case, simd = true): Promise<Float32Array> {
  await tf.setBackend(backend);
  const old = setDepthwiseFilterGradSimdEnabled(simd);
  try {
    return tf.tidy(() => {
      const x = tf.tensor4d(rand(size(c.x), 1), c.x);
      const dys = dyShape(c);
      const dy = tf.tensor4d(rand(size(dys), 2), dys);
      const attrs = { strides: 1, pad: c.pad, dilations: c.dil ?? 1, filterShape: [c.k[0], c.k[1], c.x[3], 1] };
      const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      expect(dw.shape).toEqual(attrs.filterShape);
      return (dw.dataSync() as Float32Array).slice();
    });
  } finally {
    setDepthwiseFilterGradSimdEnabled(old);
  }
}

describe('DepthwiseConv2dNativeBackpropFilter (stride 1, multiplier 1) on wasm SIMD', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('the generated module validates for every memory kind, with and without relaxed multiply-add', () => {
    for (const fma of [true, false]) {
      for (const sharedMemory of [true, false]) expect(WebAssembly.validate(depthwiseFilterGradModuleBytes({ fma, sharedMemory }))).toBe(true);
    }
  });

  for (const fma of [false, true]) {
    it(`the module ${fma ? 'with relaxed multiply-add' : 'with plain multiply and add (engines without relaxed SIMD)'} sums like a JS loop`, () => {
      const [outH, outW, C, kH, kW] = [4, 5, 20, 3, 2];
      const [Hp, Wp] = [outH + kH - 1, outW + kW - 1];
      const memory = new WebAssembly.Memory({ initial: 1 });
      const ex = new WebAssembly.Instance(new WebAssembly.Module(depthwiseFilterGradModuleBytes({ fma, sharedMemory: false })), { env: { memory } })
        .exports as unknown as DepthwiseFilterGradExports;
      const heap = new Float32Array(memory.buffer);
      const [xOff, dyOff, dwOff] = [0, Hp * Wp * C, Hp * Wp * C + outH * outW * C];
      heap.set(rand(Hp * Wp * C, 8), xOff);
      heap.set(rand(outH * outW * C, 9), dyOff);
      heap.fill(0.25, dwOff, dwOff + kH * kW * C);
      const C4 = C * 4;
      // Two chunks of two rows, accumulating into dW's initial 0.25.
      for (const oy of [0, 2])
        ex.dwFilterGrad((xOff + oy * Wp * C) * 4, (dyOff + oy * outW * C) * 4, dwOff * 4, 2, outW, (Wp - outW) * C4, C4, C4, C4, Wp * C4, kH, kW);
      const want = new Float32Array(kH * kW * C).fill(0.25);
      for (let ky = 0; ky < kH; ky++)
        for (let kx = 0; kx < kW; kx++)
          for (let oy = 0; oy < outH; oy++)
            for (let ox = 0; ox < outW; ox++)
              for (let c = 0; c < C; c++)
                want[(ky * kW + kx) * C + c] += heap[xOff + ((oy + ky) * Wp + ox + kx) * C + c] * heap[dyOff + (oy * outW + ox) * C + c];
      expect(maxRelDiff(heap.slice(dwOff, dwOff + kH * kW * C), want)).toBeLessThan(1e-6);
    });
  }

  // Channel blocks of 16 and their 4/8/12 tails, C % 4 ≠ 0 (zero channels added), kernel rows of 1–7 taps
  // (tiles of 3, 2, 1), unpadded (x read in place), several row chunks per image (20×20 > 256 pixels).
  const cases: Case[] = [
    { x: [2, 8, 9, 16], k: [3, 3], pad: 'same' },
    { x: [2, 14, 14, 64], k: [3, 3], pad: 'same' },
    { x: [3, 9, 11, 12], k: [3, 3], pad: 'valid' },
    { x: [2, 7, 7, 40], k: [3, 3], pad: 'same' },
    { x: [2, 8, 9, 5], k: [2, 5], pad: 'same' },
    { x: [2, 6, 4, 3], k: [3, 3], pad: 'same' },
    { x: [2, 10, 10, 20], k: [5, 5], pad: 'same' },
    { x: [1, 6, 30, 8], k: [1, 7], pad: 'valid' },
    { x: [1, 20, 20, 4], k: [3, 3], pad: 'same' },
    { x: [2, 5, 6, 7], k: [4, 4], pad: 'same' },
  ];
  for (const c of cases) {
    it(`x${c.x} k${c.k} ${c.pad}: SIMD and JS paths both equal cpu`, async () => {
      const ref = await filterGrad('cpu', c);
      const before = depthwiseFilterGradSimdCalls.count;
      const simd = await filterGrad('wasm', c);
      expect(depthwiseFilterGradSimdCalls.count).toBe(before + 1);
      const js = await filterGrad('wasm', c, false);
      expect(depthwiseFilterGradSimdCalls.count).toBe(before + 1);
      expect(maxRelDiff(simd, ref)).toBeLessThan(1e-5);
      expect(maxRelDiff(js, ref)).toBeLessThan(1e-5);
    });
  }

  // The cpu backend ignores dilation here: dilated and explicitly padded cases are checked against the JS loops.
  const jsOnly: Case[] = [
    { x: [2, 9, 9, 8], k: [3, 3], pad: 'same', dil: 2 },
    { x: [2, 11, 10, 6], k: [3, 2], pad: 'valid', dil: [2, 3] },
    {
      x: [2, 7, 8, 12],
      k: [3, 3],
      pad: [
        [0, 0],
        [0, 2],
        [3, 1],
        [0, 0],
      ],
    },
  ];
  for (const c of jsOnly) {
    it(`x${c.x} k${c.k} pad ${JSON.stringify(c.pad)} dilation ${JSON.stringify(c.dil ?? 1)}: SIMD equals the JS loops`, async () => {
      const before = depthwiseFilterGradSimdCalls.count;
      const simd = await filterGrad('wasm', c);
      expect(depthwiseFilterGradSimdCalls.count).toBe(before + 1);
      expect(maxRelDiff(simd, await filterGrad('wasm', c, false))).toBeLessThan(1e-5);
    });
  }

  it('a depthwise conv’s gradient takes the SIMD filter gradient; strides and multipliers stay on the JS loops', async () => {
    await tf.setBackend('wasm');
    const before = depthwiseFilterGradSimdCalls.count;
    const x = tf.tensor4d(rand(2 * 10 * 10 * 8, 5), [2, 10, 10, 8]);
    const grad = (w: tf.Tensor4D, stride: number) =>
      tf.tidy(() =>
        tf
          .grad((v: tf.Tensor) => tf.sum(tf.square(tf.depthwiseConv2d(x, v as tf.Tensor4D, stride, 'same'))))(w)
          .dataSync(),
      );
    grad(tf.tensor4d(rand(3 * 3 * 8, 6), [3, 3, 8, 1]), 1);
    expect(depthwiseFilterGradSimdCalls.count).toBe(before + 1);
    grad(tf.tensor4d(rand(3 * 3 * 8, 6), [3, 3, 8, 1]), 2);
    grad(tf.tensor4d(rand(3 * 3 * 8 * 2, 7), [3, 3, 8, 2]), 1);
    expect(depthwiseFilterGradSimdCalls.count).toBe(before + 1);
    x.dispose();
  });
});
