import { pyFloat } from '../../export/python-names';
import { numberOf } from '../layer-config';
import { sameShape } from '../shape-helpers';
import type { LayerNode } from '../types';
import type { KerasClass } from './types';

/** tfjs / Keras 2 call the slope `alpha`, Keras 3 `negative_slope`. */
export const leakyReluSlope = (layer: LayerNode): number => numberOf(layer, 'alpha', numberOf(layer, 'negative_slope', 0.3));

export const LeakyReLU: KerasClass = {
  takes: 'one',
  infer: (_layer, [x]) => sameShape(x),
  torch: (layer, _self, [x]) => ({ module: null, forward: `F.leaky_relu(${x}, negative_slope=${pyFloat(leakyReluSlope(layer))})`, state: [] }),
  kerasArgs: (l) => [pyFloat(leakyReluSlope(l))],
};
