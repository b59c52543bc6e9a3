import * as tf from '@tensorflow/tfjs';

/**
 * Padding and sizes of a stride-1 dilated 2-D convolution, exactly as the tfjs kernels compute
 * them (backend_util.computeConv2DInfo), so the gradients below mirror the forward pass.
 */
export type ConvPad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

export interface DilatedGeometry {
  /** Padding added around the input before the 'valid' dilated convolution. */
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Dilated (effective) kernel extent. */
  effH: number;
  effW: number;
  dilationH: number;
  dilationW: number;
}

export function pairOf(v: number | readonly number[] | null | undefined, fallback = 1): [number, number] {
  if (v == null) return [fallback, fallback];
  if (typeof v === 'number') return [v, v];
  return [v[0], v[1]];
}

export function isDilated(dilations: number | readonly number[] | null | undefined): boolean {
  const [dh, dw] = pairOf(dilations);
  return dh > 1 || dw > 1;
}

/**
 * Geometry of a dilated convolution. Dilation > 1 requires strides of 1 (TensorFlow's rule,
 * also enforced by the tfjs forward ops); anything else is refused with a message.
 */
export function dilatedGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | readonly number[],
  dilations: number | readonly number[],
  pad: ConvPad,
  depthwise: boolean,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): DilatedGeometry {
  const [sh, sw] = pairOf(strides);
  const [dh, dw] = pairOf(dilations);
  if (sh !== 1 || sw !== 1) {
    throw new Error(`Dilated convolution gradient: strides must be 1 when dilation > 1 (got strides [${sh}, ${sw}], dilations [${dh}, ${dw}])`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    [sh, sw],
    [dh, dw],
    pad,
    dimRoundingMode,
    depthwise,
  );
  return {
    top: info.padInfo.top,
    bottom: info.padInfo.bottom,
    left: info.padInfo.left,
    right: info.padInfo.right,
    effH: info.effectiveFilterHeight,
    effW: info.effectiveFilterWidth,
    dilationH: dh,
    dilationW: dw,
  };
}

/** Pads an NHWC tensor spatially (zeros). */
export function padSpatial(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return x;
  return tf.pad(x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
}

/**
 * Zero padding of dy for the input gradient so that the 'valid' correlation with the flipped dilated kernel
 * yields exactly the h×w input (no rows computed only to be cut off). Null when the forward padding is larger
 * than the kernel reach (explicit padding), where the full correlation must be sliced instead.
 */
export function inputGradPadding(g: DilatedGeometry, outH: number, outW: number, h: number, w: number) {
  const top = g.effH - 1 - g.top;
  const left = g.effW - 1 - g.left;
  const bottom = h - outH - top + g.effH - 1;
  const right = w - outW - left + g.effW - 1;
  return top >= 0 && left >= 0 && bottom >= 0 && right >= 0 ? { top, bottom, left, right } : null;
}

/** dy padded for the dilated input gradient, and the window of the correlation result that is the input. */
export function paddedForInputGrad(
  dy: tf.Tensor4D,
  g: DilatedGeometry,
  h: number,
  w: number,
): { dyPadded: tf.Tensor4D; sliceTop: number; sliceLeft: number } {
  const p = inputGradPadding(g, dy.shape[1], dy.shape[2], h, w);
  if (p) return { dyPadded: padSpatial(dy, p.top, p.bottom, p.left, p.right), sliceTop: 0, sliceLeft: 0 };
  return { dyPadded: padSpatial(dy, g.effH - 1, g.effH - 1, g.effW - 1, g.effW - 1), sliceTop: g.top, sliceLeft: g.left };
}
