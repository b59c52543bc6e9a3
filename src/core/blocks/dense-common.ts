import type { Activation, BlockParams } from '../graph/types';
import { layerCost, vectorInput } from './shape-utils';
import type { Cost, ShapeResult, Shape } from '../graph/types';
import { ok } from './shape-utils';

export interface DenseParams extends BlockParams {
  units: number;
  activation: Activation;
  useBias: boolean;
}

export function denseShape(inputShapes: readonly Shape[], what: string, units: number): ShapeResult {
  const v = vectorInput(inputShapes, what);
  if (!v.ok) return v.result;
  return ok([units]);
}

/** Dense on a vector of n features: n×units weights, MACs n×units. */
export function denseCost(n: number, units: number, useBias: boolean, activation: Activation | string): Cost {
  return layerCost({
    weights: n * units,
    macs: n * units,
    outputElements: units,
    bias: useBias ? units : 0,
    batchNormChannels: 0,
    activation,
  });
}
