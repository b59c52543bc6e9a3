import { convFields, makeWindowedConvDef, type WindowedConvParams } from './conv2d-common';

export interface DepthwiseConvParams extends WindowedConvParams {
  depthMultiplier: number;
}

/** Keras DepthwiseConv2D: one k×k filter (× depth multiplier) per input channel; out channels = Cin × dm. */
export const depthwiseConvDef = makeWindowedConvDef<DepthwiseConvParams>({
  kind: 'depthwise-conv',
  label: 'Depthwise Conv',
  category: 'helper',
  description: 'Per-channel k×k convolution (Keras DepthwiseConv2D); output channels = input channels × depth multiplier.',
  fields: convFields({ filters: false, depthMultiplier: true, dilation: [1, 1] }),
  outChannels: (p, cin) => cin * p.depthMultiplier,
  weights: (p, _cin, cout) => p.kernelSize[0] * p.kernelSize[1] * cout,
});
