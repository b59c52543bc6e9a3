import { effectiveKernel, outputLength, paddingAmounts } from '../../blocks/conv-math';
import type { Padding, Pair } from '../../graph/types';

/** Explicit ONNX pads of a 2-D window op as [top, left, bottom, right]. */
export type Pads4 = [number, number, number, number];

/** ONNX output length along one axis (ceil_mode as PyTorch defines it: the last window starts inside input + front pad). */
export function onnxOutputLength(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  before: number,
  after: number,
  ceilMode: boolean,
): number {
  const span = input + before + after - effectiveKernel(kernel, dilation);
  if (!ceilMode) return Math.floor(span / stride) + 1;
  let out = Math.ceil(span / stride) + 1;
  if ((out - 1) * stride >= input + before) out -= 1;
  return out;
}

/**
 * The Keras padding ('valid' or 'same') that reads exactly the same windows as the explicit ONNX pads on this
 * input size, or null when neither does: the same number of outputs on both axes and the same padding in front
 * (padding behind that no window reaches does not matter). 'valid' wins when both fit (e.g. 1×1 kernels).
 */
export function kerasPadding(input: Pair, kernel: Pair, strides: Pair, dilation: Pair, pads: Pads4, ceilMode = false): Padding | null {
  for (const mode of ['valid', 'same'] as const) {
    const fits = [0, 1].every((a) => {
      const [before, after] = [pads[a], pads[a + 2]];
      const onnxOut = onnxOutputLength(input[a], kernel[a], strides[a], dilation[a], before, after, ceilMode);
      const kerasOut = outputLength(input[a], kernel[a], strides[a], dilation[a], mode);
      return onnxOut === kerasOut && before === paddingAmounts(input[a], kernel[a], strides[a], dilation[a], mode)[0];
    });
    if (fits) return mode;
  }
  return null;
}

/** Explicit pads for an ONNX auto_pad value ('NOTSET' keeps the given pads). Returns null for an unknown value. */
export function autoPads(autoPad: string, input: Pair, kernel: Pair, strides: Pair, dilation: Pair, pads: Pads4): Pads4 | null {
  if (autoPad === 'NOTSET' || autoPad === '') return pads;
  if (autoPad === 'VALID') return [0, 0, 0, 0];
  if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER') return null;
  const [h, w] = [0, 1].map((a) => paddingAmounts(input[a], kernel[a], strides[a], dilation[a], 'same'));
  // SAME_UPPER puts the odd pixel at the end (as TensorFlow), SAME_LOWER at the start.
  return autoPad === 'SAME_UPPER' ? [h[0], w[0], h[1], w[1]] : [h[1], w[1], h[0], w[0]];
}

/**
 * The zero padding [top, left, bottom, right] that, followed by a 'valid' window op, reads exactly the windows of
 * the explicit ONNX pads: the front pads as given, the back pads cut to what the last window reaches (padding no
 * window reads is dropped). `overhang` is true when ceil_mode makes the last window reach past the given back pads
 * (PyTorch clips such a window; zeros there are exact only for a max pool over non-negative values).
 */
export function zeroPadPlan(
  input: Pair,
  kernel: Pair,
  strides: Pair,
  dilation: Pair,
  pads: Pads4,
  ceilMode = false,
): { pads: Pads4; overhang: boolean } {
  const after = [0, 1].map((a) => {
    const out = onnxOutputLength(input[a], kernel[a], strides[a], dilation[a], pads[a], pads[a + 2], ceilMode);
    const reached = (out - 1) * strides[a] + effectiveKernel(kernel[a], dilation[a]) - input[a] - pads[a];
    return Math.max(0, reached);
  });
  return { pads: [pads[0], pads[1], after[0], after[1]], overhang: after[0] > pads[2] || after[1] > pads[3] };
}
