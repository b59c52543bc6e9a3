/** Helpers for the per-class shape inference (NHWC without the batch axis). */
import { outputLength } from '../blocks/conv-math';
import { boolOf, failLayer, paddingOf } from './layer-config';
import type { Pair } from './json';
import type { Dims, ExpectedWeight, LayerNode } from './types';

/** The [H, W, C] of a layer's input; throws when the input is not an image. */
export function spatial(layer: LayerNode, dims: Dims): [number, number, number] {
  if (dims.length !== 3) failLayer(layer, `expects an [H, W, C] input, got [${dims.join(', ')}]`);
  return [dims[0], dims[1], dims[2]];
}

/** Output height and width of a window op (conv, pool) with the layer's padding. */
export function windowed(layer: LayerNode, hw: Pair, kernel: Pair, strides: Pair, dil: Pair): Pair {
  const pad = paddingOf(layer);
  const out: Pair = [outputLength(hw[0], kernel[0], strides[0], dil[0], pad), outputLength(hw[1], kernel[1], strides[1], dil[1], pad)];
  if (out[0] < 1 || out[1] < 1) failLayer(layer, `window ${kernel.join('×')} does not fit its ${hw.join('×')} input`);
  return out;
}

/** The bias weight of `n` units, when the layer uses one. */
export function biasWeights(layer: LayerNode, n: number): ExpectedWeight[] {
  return boolOf(layer, 'use_bias', true) ? [{ key: 'bias', shape: [n] }] : [];
}

/** The output of a layer that keeps its input's shape and owns no weights. */
export function sameShape(x: Dims): { out: Dims; weights: ExpectedWeight[] } {
  return { out: x, weights: [] };
}
