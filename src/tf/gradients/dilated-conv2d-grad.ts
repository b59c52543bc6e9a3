import * as tf from '@tensorflow/tfjs';
import { type ConvPad, dilatedGeometry, padSpatial, paddedForInputGrad } from './conv-geometry';

/**
 * Gradients of a stride-1 dilated Conv2D (NHWC), built only from forward ops available on every
 * backend (pad, slice, transpose, reverse, conv2d). With xp the padded input:
 *   y[b,i,j,o]   = Σ_{p,q,c} xp[b, i + p·dh, j + q·dw, c] · w[p,q,c,o]
 *   dW[p,q,c,o]  = Σ_{b,i,j} xp[b, i + p·dh, j + q·dw, c] · dy[b,i,j,o]
 *                → conv2d(xpᵀ [C,Hp,Wp,B], dyᵀ [Ho,Wo,B,O], strides = dilation, 'valid')
 *   dxp[b,a,e,c] = Σ_{p,q,o} dy[b, a − p·dh, e − q·dw, o] · w[p,q,c,o]
 *                → full correlation of dy with the flipped kernel (dilated conv2d), then the
 *                  input's padding is cut off.
 */
export function dilatedConv2dBackpropInput(
  xShape: readonly number[],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  dilations: number | readonly number[],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = dilatedGeometry(xShape, filter.shape, 1, dilations, pad, false, dimRoundingMode);
    const [, h, w] = xShape;
    const { dyPadded, sliceTop, sliceLeft } = paddedForInputGrad(dy, g, h, w);
    // [kh,kw,C,O] → flipped spatially, in/out swapped: [kh,kw,O,C]
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const dxp = tf.conv2d(dyPadded, flipped, 1, 'valid', 'NHWC', [g.dilationH, g.dilationW]);
    return dxp.shape[1] === h && dxp.shape[2] === w ? dxp : tf.slice(dxp, [0, sliceTop, sliceLeft, 0], [-1, h, w, -1]);
  });
}

export function dilatedConv2dBackpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  dilations: number | readonly number[],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = dilatedGeometry(x.shape, filterShape, 1, dilations, pad, false, dimRoundingMode);
    const xp = padSpatial(x, g.top, g.bottom, g.left, g.right);
    const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [C, Hp, Wp, B]
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, B, O]
    const r = tf.conv2d(xt, dyt, [g.dilationH, g.dilationW], 'valid'); // [C, kh', kw', O]
    const [kh, kw] = filterShape;
    // kh' ≥ kh: with explicit padding larger than needed the extra rows are never used.
    const cut = r.shape[1] === kh && r.shape[2] === kw ? r : tf.slice(r, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cut, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}
