import * as tf from '@tensorflow/tfjs';
import { type ConvPad, dilatedGeometry, padSpatial, paddedForInputGrad } from './conv-geometry';

/**
 * The frame shared by the stride-1 dilated Conv2D and depthwise gradients (NHWC): geometry, padding and the final
 * cut. Each kernel supplies only its correlation (dilated-conv2d-grad.ts, dilated-depthwise-grad.ts).
 */

type DimRounding = 'floor' | 'round' | 'ceil';

/** Arguments of a dilated input gradient (the forward conv's x shape, dy, its filter, dilations, pad, rounding). */
export type DilatedInputGradArgs = [
  xShape: readonly number[],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  dilations: number | readonly number[],
  pad: ConvPad,
  dimRoundingMode?: DimRounding,
];

/** Arguments of a dilated filter gradient (the forward conv's x, dy, filter shape, dilations, pad, rounding). */
export type DilatedFilterGradArgs = [
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  dilations: number | readonly number[],
  pad: ConvPad,
  dimRoundingMode?: DimRounding,
];

/**
 * Input gradient: dy is padded (paddedForInputGrad) so that `correlate`, the 'valid' dilated correlation with the
 * flipped kernel, yields the gradient of the padded input; the input's h×w is cut out of it when the forward
 * padding exceeded the kernel reach.
 */
export function dilatedInputGrad(
  depthwise: boolean,
  [xShape, dy, filter, dilations, pad, dimRoundingMode]: DilatedInputGradArgs,
  correlate: (dyPadded: tf.Tensor4D, filter: tf.Tensor4D, dilation: [number, number]) => tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = dilatedGeometry(xShape, filter.shape, 1, dilations, pad, depthwise, dimRoundingMode);
    const [, h, w] = xShape;
    const { dyPadded, sliceTop, sliceLeft } = paddedForInputGrad(dy, g, h, w);
    const dxp = correlate(dyPadded, filter, [g.dilationH, g.dilationW]);
    return dxp.shape[1] === h && dxp.shape[2] === w ? dxp : tf.slice(dxp, [0, sliceTop, sliceLeft, 0], [-1, h, w, -1]);
  });
}

/**
 * Filter gradient: x is padded as in the forward pass and `correlate` (with dy at strides = dilation) gives the
 * gradient as [kh', kw', C, O or M], cut to the kernel's kh×kw (kh' ≥ kh: with explicit padding larger than
 * needed the extra rows are never used).
 */
export function dilatedFilterGrad(
  depthwise: boolean,
  [x, dy, filterShape, dilations, pad, dimRoundingMode]: DilatedFilterGradArgs,
  correlate: (xp: tf.Tensor4D, dy: tf.Tensor4D, filterShape: readonly number[], dilation: [number, number]) => tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = dilatedGeometry(x.shape, filterShape, 1, dilations, pad, depthwise, dimRoundingMode);
    const xp = padSpatial(x, g.top, g.bottom, g.left, g.right);
    const r = correlate(xp, dy, filterShape, [g.dilationH, g.dilationW]);
    const [kh, kw] = filterShape;
    return r.shape[0] === kh && r.shape[1] === kw ? r : tf.slice(r, [0, 0, 0, 0], [kh, kw, -1, -1]);
  });
}
