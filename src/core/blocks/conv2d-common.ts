import type { Activation, BlockParams, Padding, Pair, Shape, ShapeResult } from '../graph/types';
import type { BlockDef, FieldSpec } from './block-def';
import { effectiveKernel, windowOutput } from './conv-math';
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
import { featureMapInput, fail, layerCost, ok, windowField, passField } from './shape-utils';

/** Params every windowed conv block shares (conv, receptive-field, depthwise and separable conv). */
export interface WindowedConvParams extends BlockParams {
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  activation: Activation;
  useBias: boolean;
  batchNorm: boolean;
}

/** Params of every Conv2D-like block (conv, receptive-field-conv). */
export interface Conv2DParams extends WindowedConvParams {
  filters: number;
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

/** What names and describes a block kind. */
type BlockMeta = Pick<BlockDef, 'kind' | 'label' | 'category' | 'description'>;

/**
 * The inspector fields of a windowed conv, in form order: kernel, [filters], strides, padding, dilation,
 * [depth multiplier], activation, bias, batch norm. `filters` and `depthMultiplier` only where the block has them.
 */
export function convFields(opts: { filters: boolean; depthMultiplier: boolean; dilation: Pair }): FieldSpec[] {
  return [
    kernelField([3, 3]),
    ...(opts.filters ? [filtersField(32)] : []),
    stridesField([1, 1]),
    paddingField('same'),
    dilationField(opts.dilation),
    ...(opts.depthMultiplier ? [depthMultiplierField()] : []),
    activationField('relu'),
    useBiasField(true),
    batchNormField(),
  ];
}

/**
 * Builds the definition of a windowed conv block (Keras Conv2D, DepthwiseConv2D or SeparableConv2D): one
 * feature-map input, a k×k (dilated) window, optional bias and batch norm on the output channels, stride and
 * dilation not combined. The kind-specific parts are the output channels and the weight count; every weight
 * is applied once per output pixel, so MACs = Ho × Wo × weights.
 */
export function makeWindowedConvDef<P extends WindowedConvParams>(
  opts: BlockMeta & {
    fields: readonly FieldSpec[];
    /** Output channels from the params and the input channels. */
    outChannels(p: P, cin: number): number;
    /** Kernel weights (no bias, no batch norm) from the params, the input and the output channels. */
    weights(p: P, cin: number, cout: number): number;
  },
): BlockDef<P> {
  const { kind, label, category, description, fields, outChannels, weights } = opts;
  return {
    kind,
    label,
    category,
    description,
    fields,
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

/** Builds a Keras Conv2D block definition (plain conv or the dilated "receptive-field" conv). */
export function makeConv2DDef(opts: BlockMeta & { dilation: Pair }): BlockDef<Conv2DParams> {
  const { dilation, ...meta } = opts;
  return makeWindowedConvDef<Conv2DParams>({
    ...meta,
    fields: convFields({ filters: true, depthMultiplier: false, dilation }),
    outChannels: (p) => p.filters,
    weights: (p, cin, f) => p.kernelSize[0] * p.kernelSize[1] * cin * f,
  });
}
