import type { Activation, BlockKind, BlockParams, Padding, Pair, Shape, ShapeResult } from '../graph/types';
import type { BlockDef } from './block-def';
import { effectiveKernel, windowOutput } from './conv-math';
import {
  activationField,
  batchNormField,
  dilationField,
  filtersField,
  kernelField,
  paddingField,
  stridesField,
  useBiasField,
} from './fields';
import { featureMapInput, fail, layerCost, ok, windowField, passField } from './shape-utils';

/** Params of every Conv2D-like block (conv, receptive-field-conv). */
export interface Conv2DParams extends BlockParams {
  kernelSize: Pair;
  filters: number;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  activation: Activation;
  useBias: boolean;
  batchNorm: boolean;
}

/** TF refuses strides > 1 together with dilation > 1 (on any axis). */
export function checkStrideDilation(params: { strides: Pair; dilation: Pair }): string[] {
  const s = params.strides;
  const d = params.dilation;
  if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) {
    return [
      `Strides ${s[0]}×${s[1]} cannot be combined with dilation ${d[0]}×${d[1]}: TensorFlow requires strides 1 when dilation > 1`,
    ];
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

/** Builds a Keras Conv2D block definition (plain conv or the dilated "receptive-field" conv). */
export function makeConv2DDef(opts: {
  kind: BlockKind;
  label: string;
  category: 'sora' | 'helper';
  description: string;
  dilation: Pair;
}): BlockDef<Conv2DParams> {
  const what = opts.label;
  return {
    kind: opts.kind,
    label: opts.label,
    category: opts.category,
    description: opts.description,
    fields: [
      kernelField([3, 3]),
      filtersField(32),
      stridesField([1, 1]),
      paddingField('same'),
      dilationField(opts.dilation),
      activationField('relu'),
      useBiasField(true),
      batchNormField(),
    ],
    inputs: { min: 1, max: 1 },
    inferShape({ params: p, inputShapes }) {
      const r = convWindow(inputShapes, what, p.kernelSize, p.strides, p.dilation, p.padding);
      if (!r.ok) return r.result;
      return ok([r.ho, r.wo, p.filters]);
    },
    cost({ params: p, inputShapes }, output) {
      const cin = inputShapes[0][2];
      const [ho, wo, f] = output;
      const kk = p.kernelSize[0] * p.kernelSize[1];
      return layerCost({
        weights: kk * cin * f,
        macs: ho * wo * kk * cin * f,
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
}
