import type { Activation, Cost, Shape, ShapeResult } from '../graph/types';
import type { KerasLayerPart } from './block-def';
import { denseConfig } from './keras-layers';
import { layerCost, ok, vectorInput } from './shape-utils';

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

/** A Dense block's single Keras layer. */
export function denseLayers(p: { units: number; activation: string; useBias: boolean }): KerasLayerPart[] {
  return [{ suffix: '', cls: 'Dense', config: denseConfig(p.units, p.activation, p.useBias) }];
}
