import { defineBlock, type ParamsOf } from './block-def';
import { convTailFields, windowedConv } from './conv2d-common';
import { depthMultiplierField, dilationField, filtersField, kernelField, paddingField, stridesField } from './fields';
import { convBlockLayers, convCommonConfig, GLOROT_UNIFORM } from './keras-layers';

const fields = [
  kernelField([3, 3]),
  filtersField(32),
  stridesField([1, 1]),
  paddingField('same'),
  dilationField([1, 1]),
  depthMultiplierField(),
  ...convTailFields(),
] as const;
export type SeparableConvParams = ParamsOf<typeof fields>;

/**
 * Keras SeparableConv2D: a depthwise k×k conv (depth_multiplier per channel) followed by a
 * pointwise 1×1 conv; bias on the pointwise output.
 */
export const separableConvDef = defineBlock({
  kind: 'separable-conv',
  label: 'Separable Conv',
  category: 'sora',
  description:
    'Depthwise k×k convolution per channel followed by a 1×1 pointwise convolution (Keras SeparableConv2D): far fewer parameters and MACs than a full conv.',
  view: { color: '#2f6fde' },
  fields,
  ...windowedConv<SeparableConvParams>({
    label: 'Separable Conv',
    outChannels: (p) => p.filters,
    weights: (p, cin, f) => {
      const mid = cin * p.depthMultiplier;
      return p.kernelSize[0] * p.kernelSize[1] * mid + mid * f;
    },
  }),
  keras: (p) =>
    convBlockLayers('SeparableConv2D', p, (activation) => ({
      filters: p.filters,
      ...convCommonConfig(p, activation),
      depth_multiplier: p.depthMultiplier,
      depthwise_initializer: GLOROT_UNIFORM,
      pointwise_initializer: GLOROT_UNIFORM,
      depthwise_regularizer: null,
      pointwise_regularizer: null,
      depthwise_constraint: null,
      pointwise_constraint: null,
    })),
});
