import type { Activation, Cost, Pair, ReceptiveField, Shape, ShapeResult } from '../graph/types';
import { elementCount } from './block-def';

/**
 * Helpers shared by the block definitions: input-shape checks, error results carrying a
 * machine code, element-wise FLOP conventions (docs/cost-conventions.md) and receptive-field steps.
 */

/** Error result with a stable issue code (read by analyzeDesign; still a plain ShapeResult). */
export interface ShapeFailure {
  ok: false;
  error: string;
  code: string;
  /** Index of the input at fault (merges, wrong-rank inputs), when there is one. */
  inputIndex?: number;
}

export function fail(code: string, error: string, inputIndex?: number): ShapeResult {
  const r: ShapeFailure = inputIndex === undefined ? { ok: false, error, code } : { ok: false, error, code, inputIndex };
  return r;
}

export function ok(shape: Shape): ShapeResult {
  return { ok: true, shape };
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export type FeatureMap = { ok: true; h: number; w: number; c: number } | { ok: false; result: ShapeResult };

/** Requires exactly one rank-3 [H, W, C] input; `what` names the block kind in messages. */
export function featureMapInput(inputShapes: readonly Shape[], what: string): FeatureMap {
  if (inputShapes.length < 1) return { ok: false, result: fail('missing-input', `${what} needs an input`) };
  const s = inputShapes[0];
  if (s.length === 1) {
    return {
      ok: false,
      result: fail(
        'vector-to-conv',
        `${what} needs a feature map [H, W, C] but gets a vector ${formatShape(s)}; move it before the Flatten/Encoding/Dense`,
        0,
      ),
    };
  }
  if (s.length !== 3) {
    return { ok: false, result: fail('bad-rank', `${what} needs a feature map [H, W, C] but gets ${formatShape(s)}`, 0) };
  }
  for (const d of s) {
    if (!Number.isInteger(d) || d < 1) {
      return { ok: false, result: fail('non-positive-size', `${what} gets an input with a non-positive size ${formatShape(s)}`) };
    }
  }
  return { ok: true, h: s[0], w: s[1], c: s[2] };
}

/** Requires exactly one rank-1 input. */
export function vectorInput(inputShapes: readonly Shape[], what: string): { ok: true; n: number } | { ok: false; result: ShapeResult } {
  if (inputShapes.length < 1) return { ok: false, result: fail('missing-input', `${what} needs an input`) };
  const s = inputShapes[0];
  if (s.length !== 1) {
    return {
      ok: false,
      result: fail('vector-required', `${what} needs a vector: add an Encoding or Flatten before it (got ${formatShape(s)})`, 0),
    };
  }
  if (!Number.isInteger(s[0]) || s[0] < 1) {
    return { ok: false, result: fail('non-positive-size', `${what} gets an empty input ${formatShape(s)}`) };
  }
  return { ok: true, n: s[0] };
}

/** Element-wise FLOPs of an activation per output element: linear 0, softmax 3, others 1. */
export function activationFlopsPerElement(act: Activation | string): number {
  if (act === 'linear') return 0;
  if (act === 'softmax') return 3;
  return 1;
}

export interface LayerCostParts {
  /** Trainable weights excluding bias and batch norm. */
  weights: number;
  macs: number;
  outputElements: number;
  /** Number of bias values (0 when no bias). */
  bias: number;
  /** Channels normalised by an attached BatchNormalization (0 when none). */
  batchNormChannels: number;
  activation: Activation | string;
}

/** Cost of a weighted layer (conv / depthwise / separable / dense) with optional bias, BN and activation. */
export function layerCost(p: LayerCostParts): Cost {
  const bnTrainable = 2 * p.batchNormChannels;
  const bnNonTrainable = 2 * p.batchNormChannels;
  const trainable = p.weights + p.bias + bnTrainable;
  const flops =
    2 * p.macs +
    (p.bias > 0 ? p.outputElements : 0) +
    (p.batchNormChannels > 0 ? 2 * p.outputElements : 0) +
    activationFlopsPerElement(p.activation) * p.outputElements;
  return {
    params: trainable + bnNonTrainable,
    trainableParams: trainable,
    nonTrainableParams: bnNonTrainable,
    macs: p.macs,
    flops,
  };
}

export function costOf(params: number, trainable: number, macs: number, flops: number): Cost {
  return { params, trainableParams: trainable, nonTrainableParams: params - trainable, macs, flops };
}

/** Receptive-field step of a windowed op: r += (k_eff - 1) * j, j *= stride. */
export function windowField(input: ReceptiveField, kernelEff: Pair, strides: Pair): ReceptiveField {
  return {
    size: [input.size[0] + (kernelEff[0] - 1) * input.jump[0], input.size[1] + (kernelEff[1] - 1) * input.jump[1]],
    jump: [input.jump[0] * strides[0], input.jump[1] * strides[1]],
  };
}

/** A window covering the whole H×W map (global pooling, flatten). */
export function wholeMapField(input: ReceptiveField, hw: Pair): ReceptiveField {
  return windowField(input, hw, hw);
}

/** Largest size and jump over several inputs (merges). */
export function mergeFields(fields: readonly ReceptiveField[]): ReceptiveField {
  if (fields.length === 0) return { size: [1, 1], jump: [1, 1] };
  let s0 = 0,
    s1 = 0,
    j0 = 0,
    j1 = 0;
  for (const f of fields) {
    s0 = Math.max(s0, f.size[0]);
    s1 = Math.max(s1, f.size[1]);
    j0 = Math.max(j0, f.jump[0]);
    j1 = Math.max(j1, f.jump[1]);
  }
  return { size: [s0, s1], jump: [j0, j1] };
}

/** First input field or the identity field. */
export function passField(fields: readonly ReceptiveField[]): ReceptiveField {
  return fields[0] ?? { size: [1, 1], jump: [1, 1] };
}

export { elementCount };
