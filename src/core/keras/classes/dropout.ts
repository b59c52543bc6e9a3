import { pyFloat } from '../../export/python-names';
import { numberOf } from '../layer-config';
import { sameShape } from '../shape-helpers';
import type { KerasClass } from './types';

export const Dropout: KerasClass = {
  takes: 'one',
  infer: (_layer, [x]) => sameShape(x),
  torch: (layer, self, [x]) => ({ module: `nn.Dropout(p=${pyFloat(numberOf(layer, 'rate', 0))})`, forward: `${self}(${x})`, state: [] }),
  kerasArgs: (l) => [`rate=${pyFloat(numberOf(l, 'rate', 0))}`],
  toBlock: (r) => ({ kind: 'dropout', params: { rate: r.num('rate', 0.5) } }),
};
