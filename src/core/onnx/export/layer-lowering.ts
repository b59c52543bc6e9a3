/**
 * One Keras layer (of the exporter's checked ExportModel) → ONNX opset-13 nodes. Convention: rank-4 values are
 * NCHW, rank-2 values [N, F]. Keras channels-last weights are transposed to ONNX layouts with the PyTorch
 * exporter's helpers (ONNX Conv weights are [M, C/group, kH, kW] like torch's), TF 'same' padding becomes explicit
 * (possibly asymmetric) pads computed from the static input size, and Flatten transposes back to NHWC first so
 * the flattened order, and hence every following Dense, is exactly Keras'.
 */
import { paddingAmounts } from '../../blocks/conv-math';
import { ExportInputError } from '../../export/errors';
import { convKernelToTorch, denseKernelToTorch, depthwiseKernelToTorch } from '../../export/torch-layout';
import { isKerasClassName, type KerasClassName } from '../../keras/classes';
import { leakyReluSlope } from '../../keras/classes/leaky-re-lu';
import type { Pair } from '../../keras/json';
import { activationOf, axisOf, boolOf, numberOf, paddingOf, pairOf, zeroPaddingOf } from '../../keras/layer-config';
import { torchDim } from '../../keras/torch-helpers';
import type { ExportLayer } from '../../keras/types';
import { applyActivation } from './activations';
import { attr, type OnnxGraphBuilder } from './graph-builder';

function fail(layer: ExportLayer, msg: string): never {
  throw new ExportInputError(`layer '${layer.name}' (${layer.className}): ${msg}`);
}

function weightOf(layer: ExportLayer, key: string): { data: Float32Array; shape: number[] } {
  const w = layer.weights.find((x) => x.key === key);
  if (!w) fail(layer, `has no '${key}' weight`);
  return { data: w.tensor.data, shape: w.tensor.shape };
}

function optionalWeight(layer: ExportLayer, key: string): { data: Float32Array; shape: number[] } | undefined {
  const w = layer.weights.find((x) => x.key === key);
  return w ? { data: w.tensor.data, shape: w.tensor.shape } : undefined;
}

/** ONNX `pads` [top, left, bottom, right] of a window op on the layer's [H, W, C] input (TF 'same' or 'valid'). */
export function windowPads(layer: ExportLayer, kernel: Pair, strides: Pair, dilation: Pair): number[] {
  const [h, w] = layer.inDims[0];
  const padding = paddingOf(layer);
  const [top, bottom] = paddingAmounts(h, kernel[0], strides[0], dilation[0], padding);
  const [left, right] = paddingAmounts(w, kernel[1], strides[1], dilation[1], padding);
  return [top, left, bottom, right];
}

/** The Keras last axis in this value's ONNX layout: channels (1) for NCHW, features (-1) for [N, F]. */
function channelAxis(dims: readonly number[]): number {
  return dims.length === 3 ? 1 : -1;
}

/** Keras axis (counting the batch) → ONNX axis under the NCHW convention. */
function onnxAxis(kerasAxis: number, rank: number): number {
  return torchDim(kerasAxis, rank);
}

/** Where the pre-activation value goes: the layer's own name when the activation is linear. */
function preActivationName(layer: ExportLayer, linear: boolean): string {
  return linear ? layer.name : `${layer.name}/linear`;
}

function lowerConv(b: OnnxGraphBuilder, layer: ExportLayer, x: string): string {
  const k = pairOf(layer, 'kernel_size', null);
  const s = pairOf(layer, 'strides', [1, 1]);
  const d = pairOf(layer, 'dilation_rate', [1, 1]);
  const cin = layer.inDims[0][2];
  const act = activationOf(layer);
  const useBias = boolOf(layer, 'use_bias', true);
  const geometry = [attr.ints('kernel_shape', k), attr.ints('strides', s), attr.ints('dilations', d), attr.ints('pads', windowPads(layer, k, s, d))];
  const bias = (): string[] =>
    useBias ? [b.floatTensor(`${layer.name}/bias`, weightOf(layer, 'bias').data, [weightOf(layer, 'bias').shape[0]])] : [];
  const pre = preActivationName(layer, act === 'linear');
  let y: string;
  if (layer.className === 'Conv2D') {
    const kern = convKernelToTorch(weightOf(layer, 'kernel').data, weightOf(layer, 'kernel').shape);
    y = b.node('Conv', [x, b.floatTensor(`${layer.name}/kernel`, kern.data, kern.shape), ...bias()], pre, [...geometry, attr.int('group', 1)]);
  } else {
    const dw = weightOf(layer, 'depthwise_kernel');
    const dwKern = depthwiseKernelToTorch(dw.data, dw.shape);
    const dwWeight = b.floatTensor(`${layer.name}/depthwise_kernel`, dwKern.data, dwKern.shape);
    if (layer.className === 'DepthwiseConv2D') {
      y = b.node('Conv', [x, dwWeight, ...bias()], pre, [...geometry, attr.int('group', cin)]);
    } else {
      const depthwise = b.node('Conv', [x, dwWeight], `${layer.name}/depthwise`, [...geometry, attr.int('group', cin)]);
      const pw = weightOf(layer, 'pointwise_kernel');
      const pwKern = convKernelToTorch(pw.data, pw.shape);
      const pwWeight = b.floatTensor(`${layer.name}/pointwise_kernel`, pwKern.data, pwKern.shape);
      y = b.node('Conv', [depthwise, pwWeight, ...bias()], pre, [attr.ints('kernel_shape', [1, 1]), attr.int('group', 1)]);
    }
  }
  return applyActivation(b, act, y, layer.name, 1);
}

/** Dense on [N, F] is Gemm with the Keras kernel [in, out] as B; on an NCHW value it is a 1×1 Conv over channels. */
function lowerDense(b: OnnxGraphBuilder, layer: ExportLayer, x: string): string {
  const kern = weightOf(layer, 'kernel');
  const useBias = boolOf(layer, 'use_bias', true);
  const act = activationOf(layer);
  const pre = preActivationName(layer, act === 'linear');
  const spatial = layer.inDims[0].length === 3;
  const [fin, units] = kern.shape;
  if (layer.inDims[0].length !== 1 && !spatial) fail(layer, `inputs of rank ${layer.inDims[0].length + 1} are not supported`);
  const bias = useBias ? [b.floatTensor(`${layer.name}/bias`, weightOf(layer, 'bias').data, [units])] : [];
  let y: string;
  if (spatial) {
    const w = denseKernelToTorch(kern.data, kern.shape);
    y = b.node('Conv', [x, b.floatTensor(`${layer.name}/kernel`, w.data, [units, fin, 1, 1]), ...bias], pre, [attr.ints('kernel_shape', [1, 1])]);
  } else {
    y = b.node('Gemm', [x, b.floatTensor(`${layer.name}/kernel`, kern.data, [fin, units]), ...bias], pre);
  }
  return applyActivation(b, act, y, layer.name, spatial ? 1 : -1);
}

function lowerBatchNorm(b: OnnxGraphBuilder, layer: ExportLayer, x: string): string {
  const dims = layer.inDims[0];
  const n = dims[dims.length - 1];
  const gamma = optionalWeight(layer, 'gamma')?.data ?? new Float32Array(n).fill(1);
  const beta = optionalWeight(layer, 'beta')?.data ?? new Float32Array(n);
  const inputs = [
    x,
    b.floatTensor(`${layer.name}/gamma`, gamma, [n]),
    b.floatTensor(`${layer.name}/beta`, beta, [n]),
    b.floatTensor(`${layer.name}/moving_mean`, weightOf(layer, 'moving_mean').data, [n]),
    b.floatTensor(`${layer.name}/moving_variance`, weightOf(layer, 'moving_variance').data, [n]),
  ];
  return b.node('BatchNormalization', inputs, layer.name, [attr.float('epsilon', numberOf(layer, 'epsilon', 1e-3))]);
}

/** Keras ReLU layer: max_value cap, negative_slope below threshold. */
function lowerRelu(b: OnnxGraphBuilder, layer: ExportLayer, x: string): string {
  const maxValue = layer.config.max_value;
  const slope = numberOf(layer, 'negative_slope', 0);
  const threshold = numberOf(layer, 'threshold', 0);
  const capped = typeof maxValue === 'number';
  const pre = capped ? `${layer.name}/uncapped` : layer.name;
  let y: string;
  if (threshold !== 0) {
    const below = b.node('Mul', [b.node('Sub', [x, b.floatScalar(threshold)], `${layer.name}/shifted`), b.floatScalar(slope)], `${layer.name}/below`);
    const keep = b.node('GreaterOrEqual', [x, b.floatScalar(threshold)], `${layer.name}/keep`);
    y = b.node('Where', [keep, x, below], pre);
  } else if (slope !== 0) {
    y = b.node('LeakyRelu', [x], pre, [attr.float('alpha', slope)]);
  } else {
    y = b.node('Relu', [x], pre);
  }
  if (!capped) return y;
  return b.node('Min', [y, b.floatScalar(maxValue)], layer.name);
}

function lowerPool(b: OnnxGraphBuilder, layer: ExportLayer, x: string): string {
  const k = pairOf(layer, 'pool_size', [2, 2]);
  const s = pairOf(layer, 'strides', k);
  const geometry = [attr.ints('kernel_shape', k), attr.ints('strides', s), attr.ints('pads', windowPads(layer, k, s, [1, 1]))];
  if (layer.className === 'MaxPooling2D') return b.node('MaxPool', [x], layer.name, geometry);
  // TF averages over the window's in-bounds cells only: padding is excluded from the count.
  return b.node('AveragePool', [x], layer.name, [...geometry, attr.int('count_include_pad', 0)]);
}

function lowerGlobalPool(b: OnnxGraphBuilder, layer: ExportLayer, x: string): string {
  const op = layer.className === 'GlobalAveragePooling2D' ? 'GlobalAveragePool' : 'GlobalMaxPool';
  if (boolOf(layer, 'keepdims', false)) return b.node(op, [x], layer.name);
  return b.node('Flatten', [b.node(op, [x], `${layer.name}/pooled`)], layer.name, [attr.int('axis', 1)]);
}

/** Keras flattens NHWC: transpose the NCHW value back to NHWC first so the element order is Keras'. */
function lowerFlatten(b: OnnxGraphBuilder, layer: ExportLayer, x: string): string {
  const spatial = layer.inDims[0].length === 3;
  const src = spatial ? b.node('Transpose', [x], `${layer.name}/nhwc`, [attr.ints('perm', [0, 2, 3, 1])]) : x;
  return b.node('Flatten', [src], layer.name, [attr.int('axis', 1)]);
}

/** Emits the nodes of one layer reading values `ins` (named by the layer); returns the value holding its output. */
type Lowering = (b: OnnxGraphBuilder, layer: ExportLayer, ins: readonly string[]) => string;

/** Keras axis of the layer's `axis` config → ONNX axis, for its first input's rank. */
function onnxAxisOf(layer: ExportLayer): number {
  const rank = (layer.inDims[0] ?? []).length + 1;
  return onnxAxis(axisOf(layer, 'axis', rank, -1), rank);
}

const identity: Lowering = (b, layer, [x]) => b.node('Identity', [x], layer.name);

/**
 * The lowering of every Keras class of the class table (src/core/keras/classes) but InputLayer, which is the graph
 * input: a record over the table's keys, so a class added there without a lowering does not compile.
 */
export const ONNX_LOWERINGS: Record<Exclude<KerasClassName, 'InputLayer'>, Lowering> = {
  Conv2D: (b, layer, [x]) => lowerConv(b, layer, x),
  DepthwiseConv2D: (b, layer, [x]) => lowerConv(b, layer, x),
  SeparableConv2D: (b, layer, [x]) => lowerConv(b, layer, x),
  Dense: (b, layer, [x]) => lowerDense(b, layer, x),
  BatchNormalization: (b, layer, [x]) => lowerBatchNorm(b, layer, x),
  Activation(b, layer, [x]) {
    const act = activationOf(layer);
    return act === 'linear' ? b.node('Identity', [x], layer.name) : applyActivation(b, act, x, layer.name, channelAxis(layer.inDims[0] ?? []));
  },
  ReLU: (b, layer, [x]) => lowerRelu(b, layer, x),
  LeakyReLU: (b, layer, [x]) => b.node('LeakyRelu', [x], layer.name, [attr.float('alpha', leakyReluSlope(layer))]),
  ELU: (b, layer, [x]) => b.node('Elu', [x], layer.name, [attr.float('alpha', numberOf(layer, 'alpha', 1))]),
  Softmax: (b, layer, [x]) => b.node('Softmax', [x], layer.name, [attr.int('axis', onnxAxisOf(layer))]),
  MaxPooling2D: (b, layer, [x]) => lowerPool(b, layer, x),
  AveragePooling2D: (b, layer, [x]) => lowerPool(b, layer, x),
  GlobalAveragePooling2D: (b, layer, [x]) => lowerGlobalPool(b, layer, x),
  GlobalMaxPooling2D: (b, layer, [x]) => lowerGlobalPool(b, layer, x),
  Flatten: (b, layer, [x]) => lowerFlatten(b, layer, x),
  // inference: dropout does nothing
  Dropout: identity,
  SpatialDropout2D: identity,
  Add: (b, layer, ins) => b.node(ins.length === 2 ? 'Add' : 'Sum', ins, layer.name),
  Subtract: (b, layer, ins) => b.node('Sub', ins, layer.name),
  Multiply: (b, layer, ins) =>
    ins.slice(1).reduce((acc, v, i) => b.node('Mul', [acc, v], i === ins.length - 2 ? layer.name : `${layer.name}/partial`), ins[0]),
  Average: (b, layer, ins) => b.node('Div', [b.node('Sum', ins, `${layer.name}/sum`), b.floatScalar(ins.length)], layer.name),
  Maximum: (b, layer, ins) => b.node('Max', ins, layer.name),
  Minimum: (b, layer, ins) => b.node('Min', ins, layer.name),
  Concatenate: (b, layer, ins) => b.node('Concat', ins, layer.name, [attr.int('axis', onnxAxisOf(layer))]),
  ZeroPadding2D(b, layer, [x]) {
    const [t, bottom, l, r] = zeroPaddingOf(layer);
    return b.node('Pad', [x, b.int64Tensor(`${layer.name}/pads`, [0, 0, t, l, 0, 0, bottom, r])], layer.name, [attr.string('mode', 'constant')]);
  },
};

/** Emits the nodes of one non-input layer reading values `ins`; returns the value holding its output. */
export function lowerLayer(b: OnnxGraphBuilder, layer: ExportLayer, ins: readonly string[]): string {
  const cls = layer.className;
  if (!isKerasClassName(cls) || cls === 'InputLayer') return fail(layer, 'has no ONNX translation');
  return ONNX_LOWERINGS[cls](b, layer, ins);
}
