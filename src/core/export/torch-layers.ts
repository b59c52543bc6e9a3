/**
 * Per-layer PyTorch translation: the nn.Module to construct, the forward expression and the state-dict tensors.
 * Convention inside the generated module: rank-4 tensors are NCHW, rank-2 tensors [N, F].
 */
import { paddingAmounts } from '../blocks/conv-math';
import type { ExportLayer } from './export-model';
import { activationOf, axisOf, boolOf, intOf, numberOf, paddingOf, pairOf, zeroPaddingOf, type ActivationName, type Pair } from './layer-params';
import { MERGE_LAYERS } from './layer-shapes';
import { pyFloat, pyTuple } from './python-names';
import type { SafeTensor } from './safetensors';
import { convKernelToTorch, denseKernelToTorch, depthwiseKernelToTorch } from './torch-layout';

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

const f32 = (t: { data: Float32Array; shape: number[] }): SafeTensor => ({ data: t.data, shape: t.shape });

function weight(layer: ExportLayer, key: string): { data: Float32Array; shape: number[] } | undefined {
  const w = layer.weights.find((x) => x.key === key);
  return w ? { data: w.tensor.data, shape: w.tensor.shape } : undefined;
}

/** Padding for a stride-1 'same' window is input-size independent: static module padding or a static F.pad. */
function convPadding(layer: ExportLayer, k: Pair, s: Pair, d: Pair): { modulePad: Pair; wrap: (e: string) => string } {
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

function bnState(layer: ExportLayer, n: number): [string, SafeTensor][] {
  const ones = new Float32Array(n).fill(1);
  const zeros = new Float32Array(n);
  return [
    ['weight', { data: weight(layer, 'gamma')?.data ?? ones, shape: [n] }],
    ['bias', { data: weight(layer, 'beta')?.data ?? zeros, shape: [n] }],
    ['running_mean', f32(weight(layer, 'moving_mean')!)],
    ['running_var', f32(weight(layer, 'moving_variance')!)],
    ['num_batches_tracked', { data: new BigInt64Array([0n]), shape: [] }],
  ];
}

export function planTorchLayer(layer: ExportLayer, self: string, ins: string[]): TorchLayerPlan {
  const x = ins[0];
  const d = layer.inDims[0] ?? [];
  const spatial = d.length === 3;
  const outSpatial = layer.outDims.length === 3;
  const act = (e: string): string => torchActivation(activationOf(layer), e, outSpatial);
  const useBias = boolOf(layer, 'use_bias', true);
  const biasState = (): [string, SafeTensor][] => (useBias ? [['bias', f32(weight(layer, 'bias')!)]] : []);
  switch (layer.className) {
    case 'Conv2D':
    case 'DepthwiseConv2D':
    case 'SeparableConv2D': {
      const k = pairOf(layer, 'kernel_size', null);
      const s = pairOf(layer, 'strides', [1, 1]);
      const dil = pairOf(layer, 'dilation_rate', [1, 1]);
      const { modulePad, wrap } = convPadding(layer, k, s, dil);
      const geo = `kernel_size=${pyTuple(k)}, stride=${pyTuple(s)}, padding=${pyTuple(modulePad)}, dilation=${pyTuple(dil)}`;
      const cin = d[2];
      const forward = act(`${self}(${wrap(x)})`);
      if (layer.className === 'Conv2D') {
        const f = intOf(layer, 'filters');
        return {
          module: `nn.Conv2d(${cin}, ${f}, ${geo}, bias=${useBias ? 'True' : 'False'})`,
          forward,
          state: [['weight', convKernelToTorch(weight(layer, 'kernel')!.data, weight(layer, 'kernel')!.shape)], ...biasState()],
        };
      }
      const dm = intOf(layer, 'depth_multiplier', 1);
      const dw = weight(layer, 'depthwise_kernel')!;
      if (layer.className === 'DepthwiseConv2D') {
        return {
          module: `nn.Conv2d(${cin}, ${cin * dm}, ${geo}, groups=${cin}, bias=${useBias ? 'True' : 'False'})`,
          forward,
          state: [['weight', depthwiseKernelToTorch(dw.data, dw.shape)], ...biasState()],
        };
      }
      const f = intOf(layer, 'filters');
      const pw = weight(layer, 'pointwise_kernel')!;
      return {
        module: `SeparableConv2d(${cin}, ${dm}, ${f}, ${geo}, bias=${useBias ? 'True' : 'False'})`,
        forward,
        state: [
          ['depthwise.weight', depthwiseKernelToTorch(dw.data, dw.shape)],
          ['pointwise.weight', convKernelToTorch(pw.data, pw.shape)],
          ...biasState().map(([key, t]): [string, SafeTensor] => [`pointwise.${key}`, t]),
        ],
      };
    }
    case 'Dense': {
      const kern = weight(layer, 'kernel')!;
      const call = spatial ? `${self}(${x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)` : `${self}(${x})`;
      return {
        module: `nn.Linear(${kern.shape[0]}, ${kern.shape[1]}, bias=${useBias ? 'True' : 'False'})`,
        forward: act(call),
        state: [['weight', denseKernelToTorch(kern.data, kern.shape)], ...biasState()],
      };
    }
    case 'BatchNormalization': {
      const n = d[d.length - 1];
      const eps = numberOf(layer, 'epsilon', 1e-3);
      const momentum = 1 - numberOf(layer, 'momentum', 0.99);
      return {
        module: `nn.BatchNorm${spatial ? '2d' : '1d'}(${n}, eps=${pyFloat(eps)}, momentum=${pyFloat(Number(momentum.toPrecision(6)))})`,
        forward: `${self}(${x})`,
        state: bnState(layer, n),
      };
    }
    case 'Dropout':
      return { module: `nn.Dropout(p=${pyFloat(numberOf(layer, 'rate', 0))})`, forward: `${self}(${x})`, state: [] };
    case 'SpatialDropout2D':
      return { module: `nn.Dropout2d(p=${pyFloat(numberOf(layer, 'rate', 0))})`, forward: `${self}(${x})`, state: [] };
    case 'Activation':
      return { module: null, forward: act(x), state: [] };
    case 'ReLU': {
      const maxValue = layer.config.max_value;
      const slope = numberOf(layer, 'negative_slope', 0);
      const threshold = numberOf(layer, 'threshold', 0);
      let e =
        slope !== 0 || threshold !== 0
          ? `torch.where(${x} >= ${pyFloat(threshold)}, ${x}, (${x} - ${pyFloat(threshold)}) * ${pyFloat(slope)})`
          : `F.relu(${x})`;
      if (typeof maxValue === 'number')
        e = maxValue === 6 && slope === 0 && threshold === 0 ? `F.relu6(${x})` : `torch.clamp(${e}, max=${pyFloat(maxValue)})`;
      return { module: null, forward: e, state: [] };
    }
    case 'LeakyReLU':
      return {
        module: null,
        forward: `F.leaky_relu(${x}, negative_slope=${pyFloat(numberOf(layer, 'alpha', numberOf(layer, 'negative_slope', 0.3)))})`,
        state: [],
      };
    case 'ELU':
      return { module: null, forward: `F.elu(${x}, alpha=${pyFloat(numberOf(layer, 'alpha', 1))})`, state: [] };
    case 'Softmax':
      return { module: null, forward: `F.softmax(${x}, dim=${torchDim(axisOf(layer, 'axis', d.length + 1, -1), d.length + 1)})`, state: [] };
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const k = pairOf(layer, 'pool_size', [2, 2]);
      const s = pairOf(layer, 'strides', k);
      const same = paddingOf(layer) === 'same';
      const kk = pyTuple(k);
      const ss = pyTuple(s);
      if (layer.className === 'MaxPooling2D') {
        return {
          module: null,
          forward: same ? `F.max_pool2d(tf_same_pad(${x}, ${kk}, ${ss}, (1, 1), float("-inf")), ${kk}, ${ss})` : `F.max_pool2d(${x}, ${kk}, ${ss})`,
          state: [],
        };
      }
      return { module: null, forward: same ? `tf_avg_pool_same(${x}, ${kk}, ${ss})` : `F.avg_pool2d(${x}, ${kk}, ${ss})`, state: [] };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      const keep = boolOf(layer, 'keepdims', false) ? 'True' : 'False';
      const fn = layer.className === 'GlobalAveragePooling2D' ? 'torch.mean' : 'torch.amax';
      return { module: null, forward: `${fn}(${x}, dim=(2, 3), keepdim=${keep})`, state: [] };
    }
    case 'Flatten':
      return { module: null, forward: spatial ? `torch.flatten(${x}.permute(0, 2, 3, 1), 1)` : x, state: [] };
    case 'ZeroPadding2D': {
      const [t, b, l, r] = zeroPaddingOf(layer);
      return { module: null, forward: `F.pad(${x}, (${l}, ${r}, ${t}, ${b}))`, state: [] };
    }
    case 'Concatenate': {
      const rank = d.length + 1;
      return { module: null, forward: `torch.cat([${ins.join(', ')}], dim=${torchDim(axisOf(layer, 'axis', rank, -1), rank)})`, state: [] };
    }
    default:
      if (MERGE_LAYERS.has(layer.className)) return { module: null, forward: mergeExpr(layer.className, ins), state: [] };
      throw new Error(`no PyTorch translation for layer class '${layer.className}'`);
  }
}

function mergeExpr(className: string, ins: string[]): string {
  switch (className) {
    case 'Add':
      return ins.join(' + ');
    case 'Subtract':
      return `${ins[0]} - ${ins[1]}`;
    case 'Multiply':
      return ins.join(' * ');
    case 'Average':
      return `(${ins.join(' + ')}) / ${ins.length}.0`;
    case 'Maximum':
      return ins.slice(1).reduce((acc, v) => `torch.maximum(${acc}, ${v})`, ins[0]);
    default:
      return ins.slice(1).reduce((acc, v) => `torch.minimum(${acc}, ${v})`, ins[0]);
  }
}
