import { kerasActivation } from '../keras-script-helpers';
import { sameShape } from '../shape-helpers';
import { torchInputs } from '../torch-helpers';
import type { KerasClass } from './types';

export const Activation: KerasClass = {
  takes: 'one',
  infer: (_layer, [x]) => sameShape(x),
  torch(layer, _self, ins) {
    const t = torchInputs(layer, ins);
    return { module: null, forward: t.act(t.x), state: [] };
  },
  kerasArgs: (l) => [`activation=${kerasActivation(l)}`],
  toBlock: (r) => ({ kind: 'activation', params: { activation: r.activation() } }),
};
