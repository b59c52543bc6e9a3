import { pyFloat } from '../../export/python-names';
import { numberOf } from '../layer-config';
import { sameShape, spatial } from '../shape-helpers';
import type { KerasClass } from './types';

export const SpatialDropout2D: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    spatial(layer, x);
    return sameShape(x);
  },
  torch: (layer, self, [x]) => ({ module: `nn.Dropout2d(p=${pyFloat(numberOf(layer, 'rate', 0))})`, forward: `${self}(${x})`, state: [] }),
  kerasArgs: (l) => [`rate=${pyFloat(numberOf(l, 'rate', 0))}`],
};
