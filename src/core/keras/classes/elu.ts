import { pyFloat } from '../../export/python-names';
import { numberOf } from '../layer-config';
import { sameShape } from '../shape-helpers';
import type { KerasClass } from './types';

export const ELU: KerasClass = {
  takes: 'one',
  infer: (_layer, [x]) => sameShape(x),
  torch: (layer, _self, [x]) => ({ module: null, forward: `F.elu(${x}, alpha=${pyFloat(numberOf(layer, 'alpha', 1))})`, state: [] }),
  kerasArgs: (l) => [`alpha=${pyFloat(numberOf(l, 'alpha', 1))}`],
};
