import type { Activation, BlockParams, Padding, Pair } from '../graph/types';
import type { BlockDef } from './block-def';
import { checkStrideDilation, convWindow, effectivePair } from './conv2d-common';
import {
  activationField,
  batchNormField,
  depthMultiplierField,
  dilationField,
  filtersField,
  kernelField,
  paddingField,
  stridesField,
  useBiasField,
} from './fields';
import { layerCost, ok, passField, windowField } from './shape-utils';

export interface SeparableConvParams extends BlockParams {
  kernelSize: Pair;
  filters: number;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  depthMultiplier: number;
  activation: Activation;
  useBias: boolean;
  batchNorm: boolean;
}

/**
 * Keras SeparableConv2D: a depthwise k×k conv (depth_multiplier per channel) followed by a
 * pointwise 1×1 conv; bias on the pointwise output.
 */
export const separableConvDef: BlockDef<SeparableConvParams> = {
  kind: 'separable-conv',
  label: 'Separable Conv',
  category: 'sora',
  description:
    'Depthwise k×k convolution per channel followed by a 1×1 pointwise convolution (Keras SeparableConv2D): far fewer parameters and MACs than a full conv.',
  fields: [
    kernelField([3, 3]),
    filtersField(32),
    stridesField([1, 1]),
    paddingField('same'),
    dilationField([1, 1]),
    depthMultiplierField(),
    activationField('relu'),
    useBiasField(true),
    batchNormField(),
  ],
  inputs: { min: 1, max: 1 },
  inferShape({ params: p, inputShapes }) {
    const r = convWindow(inputShapes, 'Separable Conv', p.kernelSize, p.strides, p.dilation, p.padding);
    if (!r.ok) return r.result;
    return ok([r.ho, r.wo, p.filters]);
  },
  cost({ params: p, inputShapes }, output) {
    const cin = inputShapes[0][2];
    const [ho, wo, f] = output;
    const kk = p.kernelSize[0] * p.kernelSize[1];
    const mid = cin * p.depthMultiplier;
    return layerCost({
      weights: kk * mid + mid * f,
      macs: ho * wo * kk * mid + ho * wo * mid * f,
      outputElements: ho * wo * f,
      bias: p.useBias ? f : 0,
      batchNormChannels: p.batchNorm ? f : 0,
      activation: p.activation,
    });
  },
  receptiveField({ params: p }, fields) {
    return windowField(passField(fields), effectivePair(p.kernelSize, p.dilation), p.strides);
  },
  checkParams: checkStrideDilation,
};
