import type { SafeTensor } from '../../export/safetensors';
import { convKernelToTorch, depthwiseKernelToTorch } from '../../export/torch-layout';
import { kerasActivation, paddingArg, useBiasArg } from '../keras-script-helpers';
import { intOf } from '../layer-config';
import { biasWeights } from '../shape-helpers';
import { torchInputs, torchWeight } from '../torch-helpers';
import { depthMultiplierArg, depthwiseGeometry, dilationArg, importConvGeometry, kernelArg, stridesArg, torchConv } from './shared/conv';
import type { KerasClass } from './types';

export const SeparableConv2D: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    const { cin, k, dm, oh, ow } = depthwiseGeometry(layer, x);
    const f = intOf(layer, 'filters');
    return {
      out: [oh, ow, f],
      weights: [
        { key: 'depthwise_kernel', shape: [k[0], k[1], cin, dm] },
        { key: 'pointwise_kernel', shape: [1, 1, cin * dm, f] },
        ...biasWeights(layer, f),
      ],
    };
  },
  torch(layer, self, ins) {
    const t = torchInputs(layer, ins);
    const { geo, cin, forward } = torchConv(layer, self, t);
    const dm = intOf(layer, 'depth_multiplier', 1);
    const dw = torchWeight(layer, 'depthwise_kernel')!;
    const f = intOf(layer, 'filters');
    const pw = torchWeight(layer, 'pointwise_kernel')!;
    return {
      module: `SeparableConv2d(${cin}, ${dm}, ${f}, ${geo}, bias=${t.useBias ? 'True' : 'False'})`,
      forward,
      state: [
        ['depthwise.weight', depthwiseKernelToTorch(dw.data, dw.shape)],
        ['pointwise.weight', convKernelToTorch(pw.data, pw.shape)],
        ...t.biasState().map(([key, tensor]): [string, SafeTensor] => [`pointwise.${key}`, tensor]),
      ],
    };
  },
  kerasArgs: (l) => [
    `filters=${intOf(l, 'filters')}`,
    kernelArg(l),
    stridesArg(l),
    paddingArg(l),
    depthMultiplierArg(l),
    dilationArg(l),
    `activation=${kerasActivation(l)}`,
    useBiasArg(l),
  ],
  toBlock(r, ctx) {
    const c = importConvGeometry(r);
    let depthMultiplier = r.int('depth_multiplier', 0);
    if (depthMultiplier === 0) {
      // tfjs (≤ 4.22) omits depth_multiplier when serializing SeparableConv2D: read it from the weights.
      const dw = ctx.weightShape(`${ctx.layerName}/depthwise_kernel`);
      depthMultiplier = dw && dw.length === 4 ? dw[3] : 1;
      if (!dw) ctx.warn(`layer '${ctx.layerName}' (SeparableConv2D) has no depth_multiplier; assumed 1`);
    }
    return {
      kind: 'separable-conv',
      params: { ...c, filters: r.int('filters'), depthMultiplier, activation: r.activation(), useBias: r.bool('use_bias', true), batchNorm: false },
    };
  },
};
