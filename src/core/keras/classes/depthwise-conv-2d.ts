import { depthwiseKernelToTorch } from '../../export/torch-layout';
import { kerasActivation, paddingArg, useBiasArg } from '../keras-script-helpers';
import { intOf } from '../layer-config';
import { biasWeights } from '../shape-helpers';
import { torchInputs, torchWeight } from '../torch-helpers';
import { depthMultiplierArg, depthwiseGeometry, dilationArg, importConvGeometry, kernelArg, stridesArg, torchConv } from './shared/conv';
import type { KerasClass } from './types';

export const DepthwiseConv2D: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    const { cin, k, dm, oh, ow } = depthwiseGeometry(layer, x);
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
