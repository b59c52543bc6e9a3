import type { Padding, Pair } from '../graph/types';

/**
 * Convolution / pooling arithmetic exactly as TensorFlow defines it
 * (tensorflow/core/framework/kernel_shape_util.cc, GetWindowedOutputSize).
 */

/** Extent of a dilated kernel: (k - 1) * d + 1. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

/** Output length along one axis, or a non-positive number when the window does not fit. */
export function outputLength(input: number, kernel: number, stride: number, dilation: number, padding: Padding): number {
  const k = effectiveKernel(kernel, dilation);
  if (padding === 'same') return Math.ceil(input / stride);
  return Math.floor((input - k) / stride) + 1;
}

/**
 * TF 'same' padding along one axis: total = max((out-1)*s + k_eff - in, 0), split with the
 * smaller half before (so odd totals pad one more at the bottom/right). 'valid' pads nothing.
 */
export function paddingAmounts(input: number, kernel: number, stride: number, dilation: number, padding: Padding): [before: number, after: number] {
  if (padding === 'valid') return [0, 0];
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + effectiveKernel(kernel, dilation) - input, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

export interface WindowCheck {
  ok: boolean;
  out: Pair;
  error?: string;
}

/** 2-D output size for a windowed op on [H, W], with a message when the window does not fit. */
export function windowOutput(hw: Pair, kernel: Pair, strides: Pair, dilation: Pair, padding: Padding, what: string): WindowCheck {
  const out: Pair = [
    outputLength(hw[0], kernel[0], strides[0], dilation[0], padding),
    outputLength(hw[1], kernel[1], strides[1], dilation[1], padding),
  ];
  if (out[0] < 1 || out[1] < 1) {
    const ek: Pair = [effectiveKernel(kernel[0], dilation[0]), effectiveKernel(kernel[1], dilation[1])];
    const dil = dilation[0] > 1 || dilation[1] > 1 ? ` (dilated to ${ek[0]}×${ek[1]})` : '';
    return {
      ok: false,
      out,
      error: `${what} ${kernel[0]}×${kernel[1]}${dil} is larger than its ${hw[0]}×${hw[1]} input with 'valid' padding`,
    };
  }
  return { ok: true, out };
}
