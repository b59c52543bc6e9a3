import { pyFloat } from '../../export/python-names';
import { numberOf } from '../layer-config';
import { sameShape } from '../shape-helpers';
import type { KerasClass } from './types';

export const ReLU: KerasClass = {
  takes: 'one',
  infer: (_layer, [x]) => sameShape(x),
  torch(layer, _self, [x]) {
    const maxValue = layer.config.max_value;
    const slope = numberOf(layer, 'negative_slope', 0);
    const threshold = numberOf(layer, 'threshold', 0);
    let e =
      slope !== 0 || threshold !== 0
        ? `torch.where(${x} >= ${pyFloat(threshold)}, ${x}, (${x} - ${pyFloat(threshold)}) * ${pyFloat(slope)})`
        : `F.relu(${x})`;
    if (typeof maxValue === 'number')
      e = maxValue === 6 && slope === 0 && threshold === 0 ? `F.relu6(${x})` : `torch.clamp(${e}, max=${pyFloat(maxValue)})`;
    return { module: null, forward: e, state: [] };
  },
  kerasArgs(l) {
    const mv = l.config.max_value;
    return [
      `max_value=${typeof mv === 'number' ? pyFloat(mv) : 'None'}`,
      `negative_slope=${pyFloat(numberOf(l, 'negative_slope', 0))}`,
      `threshold=${pyFloat(numberOf(l, 'threshold', 0))}`,
    ];
  },
  toBlock(r) {
    if (r.num('negative_slope', 0) !== 0 || r.num('threshold', 0) !== 0) {
      r.fail('negative_slope/threshold other than 0 is not supported');
    }
    const max = r.has('max_value') ? r.num('max_value', 0) : null;
    if (max !== null && max !== 6) r.fail(`max_value ${max} is not supported (only none → relu, or 6 → relu6)`);
    return { kind: 'activation', params: { activation: max === 6 ? 'relu6' : 'relu' } };
  },
};
