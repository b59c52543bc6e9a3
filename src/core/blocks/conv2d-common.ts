import type { Padding, Pair, Shape, ShapeResult } from '../graph/types';
import { defineBlock, type BlockDef, type BlockView, type ParamsOf } from './block-def';
import { effectiveKernel, windowOutput } from './conv-math';
import { activationField, batchNormField, dilationField, filtersField, kernelField, paddingField, stridesField, useBiasField } from './fields';
import { convBlockLayers, convCommonConfig, GLOROT_UNIFORM } from './keras-layers';
import { featureMapInput, fail, layerCost, ok, windowField, passField } from './shape-utils';

/** The fields every windowed conv shares (conv, receptive-field, depthwise and separable conv), in no form order. */
type WindowedConvFields = readonly [
  ReturnType<typeof kernelField>,
  ReturnType<typeof stridesField>,
  ReturnType<typeof paddingField>,
  ReturnType<typeof dilationField>,
  ReturnType<typeof activationField>,
  ReturnType<typeof useBiasField>,
  ReturnType<typeof batchNormField>,
];
/** Params every windowed conv block has (derived from its fields). */
export type WindowedConvParams = ParamsOf<WindowedConvFields>;

/** The last three fields of every conv block's form: activation, bias, batch norm. */
export function convTailFields(): [ReturnType<typeof activationField>, ReturnType<typeof useBiasField>, ReturnType<typeof batchNormField>] {
  return [activationField('relu'), useBiasField(true), batchNormField()];
}

/** TF refuses strides > 1 together with dilation > 1 (on any axis). */
export function checkStrideDilation(params: { strides: Pair; dilation: Pair }): string[] {
  const s = params.strides;
  const d = params.dilation;
  if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) {
    return [`Strides ${s[0]}×${s[1]} cannot be combined with dilation ${d[0]}×${d[1]}: TensorFlow requires strides 1 when dilation > 1`];
  }
  return [];
}

/** Output [Ho, Wo] of a windowed conv on the block's single feature-map input. */
export function convWindow(
  inputShapes: readonly Shape[],
  what: string,
  kernel: Pair,
  strides: Pair,
  dilation: Pair,
  padding: Padding,
): { ok: true; h: number; w: number; c: number; ho: number; wo: number } | { ok: false; result: ShapeResult } {
  const fm = featureMapInput(inputShapes, what);
  if (!fm.ok) return fm;
  const win = windowOutput([fm.h, fm.w], kernel, strides, dilation, padding, `${what} kernel`);
  if (!win.ok) return { ok: false, result: fail('kernel-too-large', win.error ?? `${what} kernel does not fit its input`) };
  return { ok: true, h: fm.h, w: fm.w, c: fm.c, ho: win.out[0], wo: win.out[1] };
}

export function effectivePair(kernel: Pair, dilation: Pair): Pair {
  return [effectiveKernel(kernel[0], dilation[0]), effectiveKernel(kernel[1], dilation[1])];
}

/**
 * The analysis of a windowed conv block (Keras Conv2D, DepthwiseConv2D or SeparableConv2D): one feature-map
 * input, a k×k (dilated) window, optional bias and batch norm on the output channels, stride and dilation not
 * combined. The kind-specific parts are the output channels and the weight count; every weight is applied once
 * per output pixel, so MACs = Ho × Wo × weights.
 */
export function windowedConv<P extends WindowedConvParams>(opts: {
  label: string;
  /** Output channels from the params and the input channels. */
  outChannels(p: P, cin: number): number;
  /** Kernel weights (no bias, no batch norm) from the params, the input and the output channels. */
  weights(p: P, cin: number, cout: number): number;
}): Pick<BlockDef<string, P>, 'inputs' | 'inferShape' | 'cost' | 'receptiveField' | 'checkParams'> {
  const { label, outChannels, weights } = opts;
  return {
    inputs: { min: 1, max: 1 },
    inferShape({ params: p, inputShapes }) {
      const r = convWindow(inputShapes, label, p.kernelSize, p.strides, p.dilation, p.padding);
      if (!r.ok) return r.result;
      return ok([r.ho, r.wo, outChannels(p, r.c)]);
    },
    cost({ params: p, inputShapes }, output) {
      const [ho, wo, cout] = output;
      const w = weights(p, inputShapes[0][2], cout);
      return layerCost({
        weights: w,
        macs: ho * wo * w,
        outputElements: ho * wo * cout,
        bias: p.useBias ? cout : 0,
        batchNormChannels: p.batchNorm ? cout : 0,
        activation: p.activation,
      });
    },
    receptiveField({ params: p }, inputFields) {
      return windowField(passField(inputFields), effectivePair(p.kernelSize, p.dilation), p.strides);
    },
    checkParams: checkStrideDilation,
  };
}

/** The fields of a Keras Conv2D block, in form order. */
function conv2DFields(dilation: Pair) {
  return [kernelField([3, 3]), filtersField(32), stridesField([1, 1]), paddingField('same'), dilationField(dilation), ...convTailFields()] as const;
}
export type Conv2DParams = ParamsOf<ReturnType<typeof conv2DFields>>;

/** Builds a Keras Conv2D block definition (plain conv or the dilated "receptive-field" conv). */
export function makeConv2DDef<const K extends string>(opts: {
  kind: K;
  label: string;
  category: 'sora' | 'helper';
  description: string;
  view: BlockView;
  dilation: Pair;
}) {
  const { dilation, label, ...meta } = opts;
  return defineBlock({
    ...meta,
    label,
    fields: conv2DFields(dilation),
    ...windowedConv<Conv2DParams>({
      label,
      outChannels: (p) => p.filters,
      weights: (p, cin, f) => p.kernelSize[0] * p.kernelSize[1] * cin * f,
    }),
    keras: (p) =>
      convBlockLayers('Conv2D', p, (activation) => ({
        filters: p.filters,
        ...convCommonConfig(p, activation),
        kernel_initializer: GLOROT_UNIFORM,
        kernel_regularizer: null,
        kernel_constraint: null,
      })),
  });
}
