import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../tf-setup';
import { expandKernel, relError, seededValues } from './conv-reference';

function input(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  return tf.tensor4d(
    Float32Array.from(
      seededValues(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
  );
}

/** Sum of layer output × fixed weights, and its gradients w.r.t. the layer's trainable weights. */
function layerGrads(layer: tf.layers.Layer, x: tf.Tensor4D): tf.Tensor[] {
  const y0 = layer.apply(x) as tf.Tensor;
  const r = tf.tensor(Float32Array.from(seededValues(y0.size, 9)), y0.shape);
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)) as tf.Scalar, vars);
  return vars.map((v) => grads[v.name]);
}

describe('tfjs-layers with dilation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  let stockUndilated: Float32Array[] = [];

  it('stock tfjs 4.22: dilated Conv2D gradients throw and DepthwiseConv2D ignores dilation', async () => {
    const x = input([1, 9, 9, 2], 1);
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'valid', activation: 'linear' });
    expect(() => layerGrads(conv, x)).toThrow(/dilation rates greater than 1/);
    const dw = tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2, padding: 'valid', depthMultiplier: 2 });
    expect((dw.apply(x) as tf.Tensor).shape).toEqual([1, 7, 7, 4]); // undilated 3×3: wrong
    const plain = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', kernelInitializer: 'ones' });
    stockUndilated = await Promise.all(layerGrads(plain, x).map((g) => g.data() as Promise<Float32Array>));
  });

  it('after registerSoraGradients: undilated gradients are bit-identical to stock', async () => {
    registerSoraGradients();
    registerSoraGradients(); // idempotent
    const x = input([1, 9, 9, 2], 1);
    const plain = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', kernelInitializer: 'ones' });
    const now = await Promise.all(layerGrads(plain, x).map((g) => g.data()));
    expect(now.length).toBe(2);
    now.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(stockUndilated[i])));
  });

  it('SeparableConv2D keeps depth_multiplier in its config (stock getConfig drops it)', () => {
    const layer = tf.layers.separableConv2d({ filters: 3, kernelSize: 3, depthMultiplier: 2, dilationRate: 2 });
    expect(layer.getConfig()).toMatchObject({ depthMultiplier: 2, dilationRate: [2, 2], filters: 3 });
    const copy = tf.layers.separableConv2d(layer.getConfig() as unknown as Parameters<typeof tf.layers.separableConv2d>[0]);
    copy.apply(tf.input({ shape: [9, 9, 2] }));
    expect(copy.getWeights().map((w) => w.shape)).toEqual([[3, 3, 2, 2], [1, 1, 4, 3], [3]]);
  });

  it('DepthwiseConv2D honours dilation_rate in shape and values', async () => {
    const x = input([2, 9, 8, 2], 3);
    const layer = tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2, padding: 'valid', depthMultiplier: 2, useBias: false });
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 5, 4, 4]);
    expect(layer.computeOutputShape([null, 9, 8, 2])).toEqual([null, 5, 4, 4]);
    const k = layer.getWeights()[0] as tf.Tensor4D;
    const expected = tf.depthwiseConv2d(x, k, 1, 'valid', 'NHWC', 2);
    expect(relError(await y.data(), await expected.data())).toBeLessThan(1e-6);
  });

  it('dilated Conv2D layer (linear → fused path) gradients match the zero-expanded kernel', async () => {
    const x = input([2, 8, 7, 2], 4);
    const layer = tf.layers.conv2d({ filters: 3, kernelSize: [3, 2], dilationRate: [2, 3], padding: 'same', activation: 'linear' });
    const [gk, gb] = layerGrads(layer, x);
    const [kernel, bias] = layer.getWeights();
    const kArr = { shape: kernel.shape as [number, number, number, number], data: Float64Array.from(await kernel.data()) };
    const wide = expandKernel(kArr, [2, 3]);
    const wideT = tf.tensor4d(Float32Array.from(wide.data), wide.shape);
    const y0 = layer.apply(x) as tf.Tensor;
    const r = tf.tensor(Float32Array.from(seededValues(y0.size, 9)), y0.shape);
    const [gWide, gBias] = tf.grads((w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), b), r)))([
      wideT,
      bias,
    ]);
    const gSub = tf.stridedSlice(gWide, [0, 0, 0, 0], wide.shape, [2, 3, 1, 1]);
    expect(gk.shape).toEqual([3, 2, 2, 3]);
    expect(relError(await gk.data(), await gSub.data())).toBeLessThan(1e-5);
    expect(relError(await gb.data(), await gBias.data())).toBeLessThan(1e-6);
  });

  it('a tiny model with dilated Conv2D, SeparableConv2D and DepthwiseConv2D trains (loss falls over 20 steps)', async () => {
    const inp = tf.input({ shape: [12, 12, 1] });
    let h = tf.layers
      .conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu', name: 'rf' })
      .apply(inp) as tf.SymbolicTensor;
    h = tf.layers
      .separableConv2d({ filters: 6, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'linear', name: 'sep' })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.batchNormalization({ name: 'sep_bn' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.activation({ activation: 'relu', name: 'sep_act' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2, padding: 'valid', name: 'dw' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.conv2d({ filters: 4, kernelSize: 2, dilationRate: 3, padding: 'valid', name: 'rf2' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: inp, outputs: out });
    expect(model.outputs[0].shape).toEqual([null, 2]);
    expect(model.getLayer('dw').outputShape).toEqual([null, 8, 8, 6]);

    // Class 1: bright centre square; class 0: bright corners.
    const n = 16;
    const xs = tf.tidy(() => {
      const noise = tf.mul(tf.tensor4d(Float32Array.from(seededValues(n * 144, 11)), [n, 12, 12, 1]), 0.1);
      const centre = tf.pad(tf.ones([1, 4, 4, 1]), [
        [0, 0],
        [4, 4],
        [4, 4],
        [0, 0],
      ]);
      const corners = tf.sub(
        1,
        tf.pad(tf.ones([1, 8, 8, 1]), [
          [0, 0],
          [2, 2],
          [2, 2],
          [0, 0],
        ]),
      );
      const pats = tf.concat(Array.from({ length: n }, (_, i) => (i % 2 ? centre : corners)));
      return tf.add(pats, noise);
    });
    const ys = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % 2),
        'int32',
      ),
      2,
    );
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
    const hist = await model.fit(xs, ys, { epochs: 20, batchSize: n, shuffle: false, verbose: 0 });
    const losses = hist.history.loss as number[];
    if (process.env.SORA_VERBOSE) console.log('losses', losses[0], losses[19]);
    expect(losses).toHaveLength(20);
    losses.forEach((l) => expect(Number.isFinite(l)).toBe(true));
    expect(losses[19]).toBeLessThan(losses[0] * 0.7);
  });
});
