import { defineBlock, type ParamsOf } from './block-def';
import { convTailFields, windowedConv } from './conv2d-common';
import { depthMultiplierField, dilationField, kernelField, paddingField, stridesField } from './fields';
import { convBlockLayers, convCommonConfig, GLOROT_UNIFORM } from './keras-layers';

const fields = [
  kernelField([3, 3]),
  stridesField([1, 1]),
  paddingField('same'),
  dilationField([1, 1]),
  depthMultiplierField(),
  ...convTailFields(),
] as const;
export type DepthwiseConvParams = ParamsOf<typeof fields>;

/** Keras DepthwiseConv2D: one k×k filter (× depth multiplier) per input channel; out channels = Cin × dm. */
export const depthwiseConvDef = defineBlock({
  kind: 'depthwise-conv',
  label: 'Depthwise Conv',
  category: 'helper',
  description: 'Per-channel k×k convolution (Keras DepthwiseConv2D); output channels = input channels × depth multiplier.',
  view: { color: '#5aa0f2' },
  fields,
  ...windowedConv<DepthwiseConvParams>({
    label: 'Depthwise Conv',
    outChannels: (p, cin) => cin * p.depthMultiplier,
    weights: (p, _cin, cout) => p.kernelSize[0] * p.kernelSize[1] * cout,
  }),
  keras: (p) =>
    convBlockLayers('DepthwiseConv2D', p, (activation) => ({
      ...convCommonConfig(p, activation),
      depth_multiplier: p.depthMultiplier,
      depthwise_initializer: GLOROT_UNIFORM,
      depthwise_regularizer: null,
      depthwise_constraint: null,
    })),
});
