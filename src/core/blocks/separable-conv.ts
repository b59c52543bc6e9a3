import { convFields, makeWindowedConvDef, type WindowedConvParams } from './conv2d-common';

export interface SeparableConvParams extends WindowedConvParams {
  filters: number;
  depthMultiplier: number;
}

/**
 * Keras SeparableConv2D: a depthwise k×k conv (depth_multiplier per channel) followed by a
 * pointwise 1×1 conv; bias on the pointwise output.
 */
export const separableConvDef = makeWindowedConvDef<SeparableConvParams>({
  kind: 'separable-conv',
  label: 'Separable Conv',
  category: 'sora',
  description:
    'Depthwise k×k convolution per channel followed by a 1×1 pointwise convolution (Keras SeparableConv2D): far fewer parameters and MACs than a full conv.',
  fields: convFields({ filters: true, depthMultiplier: true, dilation: [1, 1] }),
  outChannels: (p) => p.filters,
  weights: (p, cin, f) => {
    const mid = cin * p.depthMultiplier;
    return p.kernelSize[0] * p.kernelSize[1] * mid + mid * f;
  },
});
