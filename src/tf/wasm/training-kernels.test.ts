import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from './init-wasm';
import { rand } from './test-random';
import { setConvGradPath } from './conv2d-grads';
import { setIm2colBudget } from './wasm-heap';

const size = (s: number[]) => s.reduce((p, d) => p * d, 1);

/** Runs a kernel on a backend with fresh tensors and returns its output values and shape. */
async function runOn(backend: string, kernel: string, inputs: Record<string, [Float32Array, number[]]>, attrs: object) {
  await tf.setBackend(backend);
  const ts: Record<string, tf.Tensor> = {};
  for (const [k, [v, s]] of Object.entries(inputs)) ts[k] = tf.tensor(v, s);
  const out = tf.engine().runKernel(kernel, ts, attrs as tf.NamedAttrMap) as tf.Tensor;
  const r = { values: out.dataSync().slice(), shape: out.shape };
  out.dispose();
  Object.values(ts).forEach((t) => t.dispose());
  return r;
}

async function compare(kernel: string, inputs: Record<string, [Float32Array, number[]]>, attrs: object) {
  const ref = await runOn('cpu', kernel, inputs, attrs);
  const got = await runOn('wasm', kernel, inputs, attrs);
  expect(got.shape).toEqual(ref.shape);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.values.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(ref.values[i] - got.values[i]));
    maxRef = Math.max(maxRef, Math.abs(ref.values[i]));
  }
  expect(maxRef).toBeGreaterThan(0.01);
  expect(maxDiff).toBeLessThan(1e-4 * Math.max(1, maxRef));
  return maxDiff;
}

type Case = { x: number[]; f: number[]; strides: number; pad: 'same' | 'valid'; dil?: number };

const convCases: Case[] = [
  { x: [2, 7, 9, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 7, 9, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [2, 8, 8, 3], f: [2, 2, 3, 5], strides: 2, pad: 'same' },
  { x: [3, 9, 7, 2], f: [5, 5, 2, 3], strides: 2, pad: 'valid' },
  { x: [2, 6, 5, 17], f: [3, 3, 17, 4], strides: 1, pad: 'valid' },
  { x: [2, 5, 6, 5], f: [1, 1, 5, 6], strides: 1, pad: 'same' },
  { x: [2, 5, 6, 5], f: [1, 1, 5, 6], strides: 2, pad: 'valid' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  // Output channels a multiple of 8: the relaxed-SIMD filter gradient (simd/fma-conv.ts) takes these at stride 1.
  { x: [2, 9, 10, 13], f: [3, 3, 13, 16], strides: 1, pad: 'same' },
  { x: [3, 7, 11, 7], f: [3, 2, 7, 8], strides: 1, pad: 'valid' },
  { x: [2, 6, 5, 5], f: [1, 1, 5, 8], strides: 1, pad: 'same' },
];

function outShape(c: Case, depthwise: boolean): number[] {
  const info = tf.backend_util.computeConv2DInfo(
    c.x as [number, number, number, number],
    c.f as [number, number, number, number],
    c.strides,
    c.dil ?? 1,
    c.pad,
    undefined,
    depthwise,
  );
  return info.outShape;
}

describe('wasm training kernels match the cpu backend', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  for (const path of ['fma', 'conv', 'im2col', 'gemm'] as const)
    for (const c of convCases) {
      const name = `${path} x${c.x} f${c.f} s${c.strides} ${c.pad}`;
      it(`Conv2DBackpropFilter ${name}`, async () => {
        setConvGradPath(path);
        const dyShape = outShape(c, false);
        await compare(
          'Conv2DBackpropFilter',
          { x: [rand(size(c.x), 1), c.x], dy: [rand(size(dyShape), 2), dyShape] },
          {
            strides: c.strides,
            pad: c.pad,
            dataFormat: 'NHWC',
            filterShape: c.f,
          },
        );
      });
      it(`Conv2DBackpropInput ${name}`, async () => {
        setConvGradPath(path);
        const dyShape = outShape(c, false);
        await compare(
          'Conv2DBackpropInput',
          { dy: [rand(size(dyShape), 3), dyShape], filter: [rand(size(c.f), 4), c.f] },
          {
            strides: c.strides,
            pad: c.pad,
            dataFormat: 'NHWC',
            inputShape: c.x,
          },
        );
      });
    }

  it('chunked im2col (tiny buffer budget) gives the same conv gradients', async () => {
    const old = setIm2colBudget(100);
    setConvGradPath('im2col');
    try {
      const c = convCases[1];
      const dyShape = outShape(c, false);
      await compare(
        'Conv2DBackpropFilter',
        { x: [rand(size(c.x), 5), c.x], dy: [rand(size(dyShape), 6), dyShape] },
        {
          strides: c.strides,
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape: c.f,
        },
      );
      await compare(
        'Conv2DBackpropInput',
        { dy: [rand(size(dyShape), 7), dyShape], filter: [rand(size(c.f), 8), c.f] },
        {
          strides: c.strides,
          pad: c.pad,
          dataFormat: 'NHWC',
          inputShape: c.x,
        },
      );
    } finally {
      setConvGradPath('conv');
      setIm2colBudget(old);
    }
  });

  const dwCases: Case[] = [
    { x: [2, 7, 9, 3], f: [3, 3, 3, 1], strides: 1, pad: 'same' },
    { x: [2, 7, 9, 3], f: [3, 3, 3, 2], strides: 2, pad: 'same' },
    { x: [2, 8, 8, 4], f: [2, 2, 4, 3], strides: 2, pad: 'same' },
    { x: [2, 9, 7, 2], f: [5, 5, 2, 1], strides: 2, pad: 'valid' },
    // Stride 1, multiplier 1: the row loops (three taps of a 3-wide kernel row fused; other widths one by one).
    { x: [2, 8, 9, 4], f: [3, 3, 4, 1], strides: 1, pad: 'valid' },
    { x: [2, 8, 9, 5], f: [2, 5, 5, 1], strides: 1, pad: 'same' },
    { x: [2, 6, 4, 3], f: [3, 3, 3, 1], strides: 1, pad: 'same' },
    // One input channel with a depth multiplier: the filter grad runs as an ordinary conv's.
    { x: [3, 7, 9, 1], f: [3, 3, 1, 8], strides: 1, pad: 'same' },
    { x: [2, 9, 8, 1], f: [3, 3, 1, 4], strides: 2, pad: 'valid' },
  ];
  for (const c of dwCases) {
    const name = `x${c.x} f${c.f} s${c.strides} ${c.pad} d${c.dil ?? 1}`;
    it(`DepthwiseConv2dNativeBackpropFilter ${name}`, async () => {
      const dyShape = outShape(c, true);
      await compare(
        'DepthwiseConv2dNativeBackpropFilter',
        { x: [rand(size(c.x), 9), c.x], dy: [rand(size(dyShape), 10), dyShape] },
        {
          strides: c.strides,
          pad: c.pad,
          dilations: c.dil ?? 1,
          filterShape: c.f,
        },
      );
    });
    it(`DepthwiseConv2dNativeBackpropInput ${name}`, async () => {
      const dyShape = outShape(c, true);
      await compare(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: [rand(size(dyShape), 11), dyShape], filter: [rand(size(c.f), 12), c.f] },
        {
          strides: c.strides,
          pad: c.pad,
          dilations: c.dil ?? 1,
          inputShape: c.x,
        },
      );
    });
  }

  // The cpu backend ignores dilation in these kernels, so dilated results are checked against the
  // undilated kernels run on the equivalent zero-upsampled filter (size (k-1)·d+1).
  it('depthwise backprops with dilation 2 equal the undilated ones on the upsampled filter', async () => {
    const x = [2, 9, 9, 3];
    const f = [3, 3, 3, 2];
    const up = [5, 5, 3, 2];
    const dyShape = [2, 9, 9, 6];
    const xv = rand(size(x), 13);
    const dyv = rand(size(dyShape), 14);
    const wv = rand(size(f), 15);
    const wUp = new Float32Array(size(up));
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++) for (let i = 0; i < 6; i++) wUp[(ky * 2 * 5 + kx * 2) * 6 + i] = wv[(ky * 3 + kx) * 6 + i];
    const base = { strides: 1, pad: 'same' };
    const refF = await runOn(
      'cpu',
      'DepthwiseConv2dNativeBackpropFilter',
      { x: [xv, x], dy: [dyv, dyShape] },
      { ...base, dilations: 1, filterShape: up },
    );
    const gotF = await runOn(
      'wasm',
      'DepthwiseConv2dNativeBackpropFilter',
      { x: [xv, x], dy: [dyv, dyShape] },
      { ...base, dilations: 2, filterShape: f },
    );
    expect(gotF.shape).toEqual(f);
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++)
        for (let i = 0; i < 6; i++) {
          expect(gotF.values[(ky * 3 + kx) * 6 + i]).toBeCloseTo(refF.values[(ky * 2 * 5 + kx * 2) * 6 + i], 4);
        }
    const refI = await runOn(
      'cpu',
      'DepthwiseConv2dNativeBackpropInput',
      { dy: [dyv, dyShape], filter: [wUp, up] },
      { ...base, dilations: 1, inputShape: x },
    );
    const gotI = await runOn(
      'wasm',
      'DepthwiseConv2dNativeBackpropInput',
      { dy: [dyv, dyShape], filter: [wv, f] },
      { ...base, dilations: 2, inputShape: x },
    );
    expect(gotI.shape).toEqual(x);
    let maxDiff = 0;
    for (let i = 0; i < refI.values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(refI.values[i] - gotI.values[i]));
    expect(maxDiff).toBeLessThan(1e-5);
  });
});
