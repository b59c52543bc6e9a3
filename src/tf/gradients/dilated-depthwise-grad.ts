import * as tf from '@tensorflow/tfjs';
import { type DilatedFilterGradArgs, type DilatedInputGradArgs, dilatedFilterGrad, dilatedInputGrad } from './dilated-backprop';

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
 * The padding and cutting around these correlations is dilated-backprop.ts.
 */
export function dilatedDepthwiseBackpropInput(...args: DilatedInputGradArgs): tf.Tensor4D {
  return dilatedInputGrad(true, args, (dyPadded, filter, dilation) => {
    const [kh, kw, c, m] = filter.shape;
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, c * m, 1]) as tf.Tensor4D;
    const z = tf.depthwiseConv2d(dyPadded, flipped, 1, 'valid', 'NHWC', dilation);
    const [b, hp, wp] = z.shape;
    return m === 1 ? z : (tf.sum(tf.reshape(z, [b, hp, wp, c, m]), 4) as tf.Tensor4D);
  });
}

export function dilatedDepthwiseBackpropFilter(...args: DilatedFilterGradArgs): tf.Tensor4D {
  return dilatedFilterGrad(true, args, (xp, dy, filterShape, dilation) => {
    const [b, hp, wp, c] = xp.shape;
    const m = filterShape[3];
    const [, ho, wo] = dy.shape;
    const xFolded = tf.reshape(tf.transpose(xp, [1, 2, 0, 3]), [1, hp, wp, b * c]) as tf.Tensor4D;
    const dyFilter = tf.reshape(tf.transpose(tf.reshape(dy, [b, ho, wo, c, m]), [1, 2, 0, 3, 4]), [ho, wo, b * c, m]) as tf.Tensor4D;
    const r = tf.depthwiseConv2d(xFolded, dyFilter, dilation, 'valid'); // [1, kh', kw', B·C·M]
    const [, rh, rw] = r.shape;
    return tf.sum(tf.reshape(r, [rh, rw, b, c, m]), 2) as tf.Tensor4D; // [kh', kw', C, M]
  });
}
