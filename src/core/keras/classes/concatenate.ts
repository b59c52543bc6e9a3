import { inputRank } from '../keras-script-helpers';
import { axisOf, failLayer } from '../layer-config';
import { torchDim } from '../torch-helpers';
import type { KerasClass } from './types';

export const Concatenate: KerasClass = {
  takes: 'list',
  infer(layer, ins) {
    const x = ins[0];
    if (ins.length < 2) failLayer(layer, `needs at least 2 inputs, got ${ins.length}`);
    const axis = axisOf(layer, 'axis', x.length + 1, -1) - 1;
    const out = [...x];
    for (const other of ins.slice(1)) {
      if (other.length !== x.length || other.some((d, i) => i !== axis && d !== x[i])) {
        failLayer(layer, `input shapes [${x.join(', ')}] and [${other.join(', ')}] cannot be concatenated on axis ${axis + 1}`);
      }
      out[axis] += other[axis];
    }
    return { out, weights: [] };
  },
  torch(layer, _self, ins) {
    const rank = inputRank(layer);
    return { module: null, forward: `torch.cat([${ins.join(', ')}], dim=${torchDim(axisOf(layer, 'axis', rank, -1), rank)})`, state: [] };
  },
  kerasArgs: (l) => [`axis=${axisOf(l, 'axis', inputRank(l), -1)}`],
  toBlock(r) {
    r.channelAxis(-1);
    return { kind: 'concatenate', params: {} };
  },
};
