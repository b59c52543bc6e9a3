import { denseKernelToTorch } from '../../export/torch-layout';
import { kerasActivation, useBiasArg } from '../keras-script-helpers';
import { intOf } from '../layer-config';
import { biasWeights } from '../shape-helpers';
import { torchInputs, torchWeight } from '../torch-helpers';
import type { KerasClass } from './types';

export const Dense: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    const units = intOf(layer, 'units');
    const fin = x[x.length - 1];
    return { out: [...x.slice(0, -1), units], weights: [{ key: 'kernel', shape: [fin, units] }, ...biasWeights(layer, units)] };
  },
  torch(layer, self, ins) {
    const t = torchInputs(layer, ins);
    const kern = torchWeight(layer, 'kernel')!;
    const call = t.spatial ? `${self}(${t.x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)` : `${self}(${t.x})`;
    return {
      module: `nn.Linear(${kern.shape[0]}, ${kern.shape[1]}, bias=${t.useBias ? 'True' : 'False'})`,
      forward: t.act(call),
      state: [['weight', denseKernelToTorch(kern.data, kern.shape)], ...t.biasState()],
    };
  },
  kerasArgs: (l) => [`units=${intOf(l, 'units')}`, `activation=${kerasActivation(l)}`, useBiasArg(l)],
  toBlock(r, ctx) {
    const activation = r.activation();
    const params = { units: r.int('units'), activation, useBias: r.bool('use_bias', true) };
    // The model's final Dense is its classifier: the design's single Output block.
    return { kind: ctx.isOutput ? 'output' : 'dense', params };
  },
};
