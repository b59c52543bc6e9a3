import { depthwiseKernelToTorch } from '../../export/torch-layout';
import { kerasActivation, paddingArg, useBiasArg } from '../keras-script-helpers';
import { checkChannelsLast, intOf, pairOf } from '../layer-config';
import { biasWeights, spatial, windowed } from '../shape-helpers';
import { torchInputs, torchWeight } from '../torch-helpers';
import { depthMultiplierArg, dilationArg, importConvGeometry, kernelArg, stridesArg, torchConv } from './shared/conv';
import type { KerasClass } from './types';

export const DepthwiseConv2D: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    checkChannelsLast(layer);
    const [h, w, cin] = spatial(layer, x);
    const k = pairOf(layer, 'kernel_size', null);
    const dm = intOf(layer, 'depth_multiplier', 1);
    const [oh, ow] = windowed(layer, [h, w], k, pairOf(layer, 'strides', [1, 1]), pairOf(layer, 'dilation_rate', [1, 1]));
    return { out: [oh, ow, cin * dm], weights: [{ key: 'depthwise_kernel', shape: [k[0], k[1], cin, dm] }, ...biasWeights(layer, cin * dm)] };
  },
  torch(layer, self, ins) {
    const t = torchInputs(layer, ins);
    const { geo, cin, forward } = torchConv(layer, self, t);
    const dm = intOf(layer, 'depth_multiplier', 1);
    const dw = torchWeight(layer, 'depthwise_kernel')!;
    return {
      module: `nn.Conv2d(${cin}, ${cin * dm}, ${geo}, groups=${cin}, bias=${t.useBias ? 'True' : 'False'})`,
      forward,
      state: [['weight', depthwiseKernelToTorch(dw.data, dw.shape)], ...t.biasState()],
    };
  },
  kerasArgs: (l) => [
    kernelArg(l),
    stridesArg(l),
    paddingArg(l),
    depthMultiplierArg(l),
    dilationArg(l),
    `activation=${kerasActivation(l)}`,
    useBiasArg(l),
  ],
  toBlock: (r) => ({
    kind: 'depthwise-conv',
    params: {
      ...importConvGeometry(r),
      depthMultiplier: r.int('depth_multiplier', 1),
      activation: r.activation(),
      useBias: r.bool('use_bias', true),
      batchNorm: false,
    },
  }),
};
