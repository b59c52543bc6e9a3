import { convKernelToTorch } from '../../export/torch-layout';
import { kerasActivation, paddingArg, useBiasArg } from '../keras-script-helpers';
import { checkChannelsLast, intOf, pairOf } from '../layer-config';
import { biasWeights, spatial, windowed } from '../shape-helpers';
import { torchInputs, torchWeight } from '../torch-helpers';
import { dilationArg, importConvGeometry, kernelArg, stridesArg, torchConv } from './shared/conv';
import type { KerasClass } from './types';

export const Conv2D: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    checkChannelsLast(layer);
    const [h, w, cin] = spatial(layer, x);
    const k = pairOf(layer, 'kernel_size', null);
    const f = intOf(layer, 'filters');
    const [oh, ow] = windowed(layer, [h, w], k, pairOf(layer, 'strides', [1, 1]), pairOf(layer, 'dilation_rate', [1, 1]));
    return { out: [oh, ow, f], weights: [{ key: 'kernel', shape: [k[0], k[1], cin, f] }, ...biasWeights(layer, f)] };
  },
  torch(layer, self, ins) {
    const t = torchInputs(layer, ins);
    const { geo, cin, forward } = torchConv(layer, self, t);
    const f = intOf(layer, 'filters');
    return {
      module: `nn.Conv2d(${cin}, ${f}, ${geo}, bias=${t.useBias ? 'True' : 'False'})`,
      forward,
      state: [['weight', convKernelToTorch(torchWeight(layer, 'kernel')!.data, torchWeight(layer, 'kernel')!.shape)], ...t.biasState()],
    };
  },
  kerasArgs: (l) => [
    `filters=${intOf(l, 'filters')}`,
    kernelArg(l),
    stridesArg(l),
    paddingArg(l),
    dilationArg(l),
    `activation=${kerasActivation(l)}`,
    useBiasArg(l),
  ],
  toBlock(r) {
    if (r.int('groups', 1) !== 1) r.fail(`groups=${r.int('groups', 1)} (grouped convolution) is not supported`);
    const c = importConvGeometry(r);
    const dilated = c.dilation[0] > 1 || c.dilation[1] > 1;
    return {
      kind: dilated ? 'receptive-field-conv' : 'conv',
      params: { ...c, filters: r.int('filters'), activation: r.activation(), useBias: r.bool('use_bias', true), batchNorm: false },
    };
  },
};
