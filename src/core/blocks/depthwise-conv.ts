import type { Activation, BlockParams, Padding, Pair } from '../graph/types';
import type { BlockDef } from './block-def';
import { checkStrideDilation, convWindow, effectivePair } from './conv2d-common';
import {
  activationField,
  batchNormField,
  depthMultiplierField,
  dilationField,
  kernelField,
  paddingField,
  stridesField,
  useBiasField,
} from './fields';
import { layerCost, ok, passField, windowField } from './shape-utils';

export interface DepthwiseConvParams extends BlockParams {
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  depthMultiplier: number;
  activation: Activation;
  useBias: boolean;
  batchNorm: boolean;
}

/** Keras DepthwiseConv2D: one k×k filter (× depth multiplier) per input channel; out channels = Cin × dm. */
export const depthwiseConvDef: BlockDef<DepthwiseConvParams> = {
  kind: 'depthwise-conv',
  label: 'Depthwise Conv',
  category: 'helper',
  description: 'Per-channel k×k convolution (Keras DepthwiseConv2D); output channels = input channels × depth multiplier.',
  fields: [
    kernelField([3, 3]),
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
    const r = convWindow(inputShapes, 'Depthwise Conv', p.kernelSize, p.strides, p.dilation, p.padding);
    if (!r.ok) return r.result;
    return ok([r.ho, r.wo, r.c * p.depthMultiplier]);
  },
  cost({ params: p }, output) {
    const [ho, wo, cout] = output;
    const kk = p.kernelSize[0] * p.kernelSize[1];
    return layerCost({
      weights: kk * cout,
      macs: ho * wo * kk * cout,
      outputElements: ho * wo * cout,
      bias: p.useBias ? cout : 0,
      batchNormChannels: p.batchNorm ? cout : 0,
      activation: p.activation,
    });
  },
  receptiveField({ params: p }, fields) {
    return windowField(passField(fields), effectivePair(p.kernelSize, p.dilation), p.strides);
  },
  checkParams: checkStrideDilation,
};
