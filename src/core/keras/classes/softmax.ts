import { inputRank } from '../keras-script-helpers';
import { axisOf } from '../layer-config';
import { torchDim } from '../torch-helpers';
import type { KerasClass } from './types';

export const Softmax: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    axisOf(layer, 'axis', x.length + 1, -1);
    return { out: x, weights: [] };
  },
  torch(layer, _self, [x]) {
    const rank = (layer.inDims[0] ?? []).length + 1;
    return { module: null, forward: `F.softmax(${x}, dim=${torchDim(axisOf(layer, 'axis', rank, -1), rank)})`, state: [] };
  },
  kerasArgs: (l) => [`axis=${axisOf(l, 'axis', inputRank(l), -1)}`],
  toBlock(r) {
    r.channelAxis(-1);
    return { kind: 'activation', params: { activation: 'softmax' } };
  },
};
