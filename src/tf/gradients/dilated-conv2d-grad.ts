import * as tf from '@tensorflow/tfjs';
import { type DilatedFilterGradArgs, type DilatedInputGradArgs, dilatedFilterGrad, dilatedInputGrad } from './dilated-backprop';

/**
 * Gradients of a stride-1 dilated Conv2D (NHWC), built only from forward ops available on every
 * backend (pad, slice, transpose, reverse, conv2d). With xp the padded input:
 *   y[b,i,j,o]   = Σ_{p,q,c} xp[b, i + p·dh, j + q·dw, c] · w[p,q,c,o]
 *   dW[p,q,c,o]  = Σ_{b,i,j} xp[b, i + p·dh, j + q·dw, c] · dy[b,i,j,o]
 *                → conv2d(xpᵀ [C,Hp,Wp,B], dyᵀ [Ho,Wo,B,O], strides = dilation, 'valid')
 *   dxp[b,a,e,c] = Σ_{p,q,o} dy[b, a − p·dh, e − q·dw, o] · w[p,q,c,o]
 *                → full correlation of dy with the flipped kernel (dilated conv2d), then the
 *                  input's padding is cut off.
 * The padding and cutting around these correlations is dilated-backprop.ts.
 */
export function dilatedConv2dBackpropInput(...args: DilatedInputGradArgs): tf.Tensor4D {
  return dilatedInputGrad(false, args, (dyPadded, filter, dilation) => {
    // [kh,kw,C,O] → flipped spatially, in/out swapped: [kh,kw,O,C]
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(dyPadded, flipped, 1, 'valid', 'NHWC', dilation);
  });
}

export function dilatedConv2dBackpropFilter(...args: DilatedFilterGradArgs): tf.Tensor4D {
  return dilatedFilterGrad(false, args, (xp, dy, _filterShape, dilation) => {
    const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [C, Hp, Wp, B]
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, B, O]
    const r = tf.conv2d(xt, dyt, dilation, 'valid'); // [C, kh', kw', O]
    return tf.transpose(r, [1, 2, 0, 3]) as tf.Tensor4D; // [kh', kw', C, O]
  });
}
