import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../tf-setup';
import { relError, seededValues } from './conv-reference';

function t(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    Float32Array.from(
      seededValues(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
  );
}

const attrs = (o: object) => o as unknown as tf.NamedAttrMap;

describe('undilated behaviour after registerSoraGradients', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerSoraGradients();
  });

  it('Conv2D and DepthwiseConv2dNative with dilation 1 (strides 2) give exactly the stock backprop kernels', async () => {
    const x = t([2, 9, 8, 3], 1) as tf.Tensor4D;
    for (const depthwise of [false, true]) {
      const w = t(depthwise ? [3, 3, 3, 2] : [3, 3, 3, 4], 2) as tf.Tensor4D;
      const y0 = depthwise ? tf.depthwiseConv2d(x, w, 2, 'same') : tf.conv2d(x, w, 2, 'same');
      const dy = t(y0.shape, 3) as tf.Tensor4D;
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
        const y = depthwise
          ? tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')
          : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same');
        return tf.sum(tf.mul(y, dy));
      })([x, w]);
      const e = tf.engine();
      const common = { strides: [2, 2], pad: 'same', dilations: [1, 1], dataFormat: 'NHWC' };
      const refX = e.runKernel(
        depthwise ? 'DepthwiseConv2dNativeBackpropInput' : 'Conv2DBackpropInput',
        { dy, filter: w },
        attrs({ ...common, inputShape: x.shape }),
      ) as tf.Tensor;
      const refW = e.runKernel(
        depthwise ? 'DepthwiseConv2dNativeBackpropFilter' : 'Conv2DBackpropFilter',
        { x, dy },
        attrs({ ...common, filterShape: w.shape }),
      ) as tf.Tensor;
      expect(gx.shape).toEqual([2, 9, 8, 3]);
      expect(Array.from(await gx.data())).toEqual(Array.from(await refX.data()));
      expect(Array.from(await gw.data())).toEqual(Array.from(await refW.data()));
    }
  });

  for (const depthwise of [false, true]) {
    const kernel = depthwise ? 'FusedDepthwiseConv2D' : 'FusedConv2D';
    it(`${kernel} kernel with dilation 1, strides 2, bias and relu: gradients equal the unfused stock ops`, async () => {
      const x = t([2, 7, 6, 2], 4) as tf.Tensor4D;
      const w = t(depthwise ? [3, 2, 2, 2] : [3, 2, 2, 3], 5) as tf.Tensor4D;
      const outC = depthwise ? 4 : 3;
      const b = t([outC], 6);
      const a = { strides: [2, 2], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], activation: 'relu' };
      const fused = (xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor) =>
        tf.engine().runKernel(kernel, { x: xa, filter: wa, bias: ba }, attrs(a)) as tf.Tensor;
      const plain = (xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor) => {
        const y = depthwise
          ? tf.depthwiseConv2d(xa as tf.Tensor4D, wa as tf.Tensor4D, 2, 'valid')
          : tf.conv2d(xa as tf.Tensor4D, wa as tf.Tensor4D, 2, 'valid');
        return tf.relu(tf.add(y, ba));
      };
      const y0 = plain(x, w, b);
      expect(y0.shape).toEqual([2, 3, 3, outC]);
      const r = t(y0.shape, 7);
      const gf = tf.grads((...v: tf.Tensor[]) => tf.sum(tf.mul(fused(v[0], v[1], v[2]), r)))([x, w, b]);
      const gp = tf.grads((...v: tf.Tensor[]) => tf.sum(tf.mul(plain(v[0], v[1], v[2]), r)))([x, w, b]);
      for (let i = 0; i < 3; i++) {
        expect(gf[i].shape).toEqual(gp[i].shape);
        expect(relError(await gf[i].data(), await gp[i].data())).toBeLessThan(1e-6);
      }
    });
  }

  it('registerSoraGradients is idempotent and keeps the stock config underneath', () => {
    const before = tf.getGradient('Conv2D');
    registerSoraGradients();
    expect(tf.getGradient('Conv2D')).toBe(before);
    const stock = (before as unknown as Record<symbol, tf.GradConfig>)[Symbol.for('sora.replacedGradConfig')];
    expect(stock.kernelName).toBe('Conv2D');
    expect(stock).not.toBe(before);
  });
});
