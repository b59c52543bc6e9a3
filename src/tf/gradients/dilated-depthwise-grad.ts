import * as tf from '@tensorflow/tfjs';
import { type ConvPad, dilatedGeometry, padSpatial, paddedForInputGrad } from './conv-geometry';

/**
 * Gradients of a stride-1 dilated depthwise convolution (NHWC, filter [kh,kw,C,M], output
 * channel c·M + m), built from forward ops only (pad, slice, reshape, transpose, reverse, sum,
 * depthwiseConv2d):
 *   dxp[b,a,e,c] = Σ_{p,q,m} dy[b, a − p·dh, e − q·dw, c·M+m] · w[p,q,c,m]
 *                → depthwise (multiplier 1) correlation of the fully padded dy with the flipped
 *                  kernel reshaped to [kh,kw,C·M,1], then a sum over m;
 *   dW[p,q,c,m]  = Σ_{b,i,j} xp[b, i + p·dh, j + q·dw, c] · dy[b,i,j,c·M+m]
 *                → batch folded into channels: depthwise conv of xp as [1,Hp,Wp,B·C] with dy as a
 *                  [Ho,Wo,B·C,M] filter at strides = dilation, then a sum over b.
 */
export function dilatedDepthwiseBackpropInput(
  xShape: readonly number[],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  dilations: number | readonly number[],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = dilatedGeometry(xShape, filter.shape, 1, dilations, pad, true, dimRoundingMode);
    const [b, h, w, c] = xShape;
    const [kh, kw, , m] = filter.shape;
    const { dyPadded, sliceTop, sliceLeft } = paddedForInputGrad(dy, g, h, w);
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, c * m, 1]) as tf.Tensor4D;
    const z = tf.depthwiseConv2d(dyPadded, flipped, 1, 'valid', 'NHWC', [g.dilationH, g.dilationW]);
    const hp = z.shape[1];
    const wp = z.shape[2];
    const dxp = m === 1 ? z : (tf.sum(tf.reshape(z, [b, hp, wp, c, m]), 4) as tf.Tensor4D);
    return hp === h && wp === w ? dxp : tf.slice(dxp, [0, sliceTop, sliceLeft, 0], [-1, h, w, -1]);
  });
}

export function dilatedDepthwiseBackpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  dilations: number | readonly number[],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = dilatedGeometry(x.shape, filterShape, 1, dilations, pad, true, dimRoundingMode);
    const [b, , , c] = x.shape;
    const [kh, kw, , m] = filterShape;
    const xp = padSpatial(x, g.top, g.bottom, g.left, g.right);
    const hp = xp.shape[1];
    const wp = xp.shape[2];
    const [, ho, wo] = dy.shape;
    const xFolded = tf.reshape(tf.transpose(xp, [1, 2, 0, 3]), [1, hp, wp, b * c]) as tf.Tensor4D;
    const dyFilter = tf.reshape(tf.transpose(tf.reshape(dy, [b, ho, wo, c, m]), [1, 2, 0, 3, 4]), [
      ho,
      wo,
      b * c,
      m,
    ]) as tf.Tensor4D;
    const r = tf.depthwiseConv2d(xFolded, dyFilter, [g.dilationH, g.dilationW], 'valid'); // [1, kh', kw', B·C·M]
    const rh = r.shape[1];
    const rw = r.shape[2];
    const perBatch = tf.reshape(r, [rh, rw, b, c, m]);
    const summed = tf.sum(perBatch, 2) as tf.Tensor4D; // [kh', kw', C, M]
    return rh === kh && rw === kw ? summed : tf.slice(summed, [0, 0, 0, 0], [kh, kw, -1, -1]);
  });
}
