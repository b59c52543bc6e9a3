/**
 * Helpers for the per-class PyTorch translation. Convention inside the generated module: rank-4 tensors are NCHW,
 * rank-2 tensors [N, F].
 */
import { paddingAmounts } from '../blocks/conv-math';
import { pyTuple } from '../export/python-names';
import type { SafeTensor } from '../export/safetensors';
import type { ActivationName } from './activations';
import type { Pair } from './json';
import { activationOf, boolOf, paddingOf } from './layer-config';
import type { ExportLayer } from './types';

export interface TorchLayerPlan {
  /** Constructor expression for `self.<attr>`, or null for functional layers. */
  module: string | null;
  /** Python expression computing this layer's output from the input variable names. */
  forward: string;
  /** State-dict entries relative to the module (e.g. 'weight', 'depthwise.weight'). */
  state: [string, SafeTensor][];
}

/** Activation applied to `e`; `spatial` = the tensor is NCHW (channel dim 1). */
export function torchActivation(name: ActivationName, e: string, spatial: boolean): string {
  const dim = spatial ? 1 : -1;
  switch (name) {
    case 'linear':
      return e;
    case 'relu':
      return `F.relu(${e})`;
    case 'relu6':
      return `F.relu6(${e})`;
    case 'elu':
      return `F.elu(${e})`;
    case 'selu':
      return `F.selu(${e})`;
    case 'sigmoid':
      return `torch.sigmoid(${e})`;
    case 'hard_sigmoid':
      return `torch.clamp(${e} * 0.2 + 0.5, 0.0, 1.0)`;
    case 'softmax':
      return `F.softmax(${e}, dim=${dim})`;
    case 'log_softmax':
      return `F.log_softmax(${e}, dim=${dim})`;
    case 'softplus':
      return `F.softplus(${e})`;
    case 'softsign':
      return `F.softsign(${e})`;
    case 'tanh':
      return `torch.tanh(${e})`;
    case 'swish':
      return `F.silu(${e})`;
    case 'mish':
      return `F.mish(${e})`;
    case 'gelu':
      return `F.gelu(${e})`;
    case 'gelu_new':
      return `F.gelu(${e}, approximate="tanh")`;
  }
}

/** Keras axis (rank incl. batch) → torch dim under the NCHW convention. */
export function torchDim(kerasAxis: number, rank: number): number {
  if (rank !== 4) return kerasAxis;
  return ({ 1: 2, 2: 3, 3: 1 } as Record<number, number>)[kerasAxis];
}

export const f32 = (t: { data: Float32Array; shape: number[] }): SafeTensor => ({ data: t.data, shape: t.shape });

/** The layer's bound weight `key` (kernel, bias, …), if it has one. */
export function torchWeight(layer: ExportLayer, key: string): { data: Float32Array; shape: number[] } | undefined {
  const w = layer.weights.find((x) => x.key === key);
  return w ? { data: w.tensor.data, shape: w.tensor.shape } : undefined;
}

/** Padding for a stride-1 'same' window is input-size independent: static module padding or a static F.pad. */
export function convPadding(layer: ExportLayer, k: Pair, s: Pair, d: Pair): { modulePad: Pair; wrap: (e: string) => string } {
  if (paddingOf(layer) === 'valid') return { modulePad: [0, 0], wrap: (e) => e };
  if (s[0] === 1 && s[1] === 1) {
    const [h, w] = layer.inDims[0];
    const [t, b] = paddingAmounts(h, k[0], 1, d[0], 'same');
    const [l, r] = paddingAmounts(w, k[1], 1, d[1], 'same');
    if (t === b && l === r) return { modulePad: [t, l], wrap: (e) => e };
    return { modulePad: [0, 0], wrap: (e) => `F.pad(${e}, (${l}, ${r}, ${t}, ${b}))` };
  }
  return { modulePad: [0, 0], wrap: (e) => `tf_same_pad(${e}, ${pyTuple(k)}, ${pyTuple(s)}, ${pyTuple(d)})` };
}

/** What most translations start from: the input variable, its dims, the layer's activation and bias. */
export interface TorchInputs {
  /** The (first) input variable. */
  x: string;
  /** Dims of the (first) input, without the batch axis. */
  d: number[];
  /** The input is an image (NCHW in the generated module). */
  spatial: boolean;
  /** The layer's activation applied to `e` (the output is NCHW when it is an image). */
  act(e: string): string;
  useBias: boolean;
  /** The 'bias' state entry when the layer uses one. */
  biasState(): [string, SafeTensor][];
}

export function torchInputs(layer: ExportLayer, ins: string[]): TorchInputs {
  const d = layer.inDims[0] ?? [];
  const outSpatial = layer.outDims.length === 3;
  const useBias = boolOf(layer, 'use_bias', true);
  return {
    x: ins[0],
    d,
    spatial: d.length === 3,
    act: (e) => torchActivation(activationOf(layer), e, outSpatial),
    useBias,
    biasState: () => (useBias ? [['bias', f32(torchWeight(layer, 'bias')!)]] : []),
  };
}
