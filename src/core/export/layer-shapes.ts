/**
 * Static shape inference (NHWC without the batch axis) and the weights each supported layer class expects,
 * in Keras' `layer.weights` order.
 */
import { outputLength } from '../blocks/conv-math';
import { ExportInputError } from './artifact';
import { axisOf, boolOf, checkChannelsLast, intOf, paddingOf, pairOf, zeroPaddingOf } from './layer-params';
import type { LayerNode } from './topology';

/** Shape without the batch axis, e.g. [H, W, C] or [features]. */
export type Dims = number[];

export interface ExpectedWeight {
  /** Keras weight name within the layer: kernel, bias, depthwise_kernel, gamma, moving_mean, … */
  key: string;
  shape: number[];
}

export const SUPPORTED_LAYERS = [
  'InputLayer',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Dense',
  'BatchNormalization',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Flatten',
  'Dropout',
  'SpatialDropout2D',
  'Add',
  'Subtract',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
  'Concatenate',
  'ZeroPadding2D',
] as const;

export const MERGE_LAYERS = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);

function fail(layer: LayerNode, msg: string): never {
  throw new ExportInputError(`layer '${layer.name}' (${layer.className}): ${msg}`);
}

function spatial(layer: LayerNode, dims: Dims): [number, number, number] {
  if (dims.length !== 3) fail(layer, `expects an [H, W, C] input, got [${dims.join(', ')}]`);
  return [dims[0], dims[1], dims[2]];
}

function windowed(
  layer: LayerNode,
  hw: [number, number],
  kernel: [number, number],
  strides: [number, number],
  dil: [number, number],
): [number, number] {
  const pad = paddingOf(layer);
  const out: [number, number] = [outputLength(hw[0], kernel[0], strides[0], dil[0], pad), outputLength(hw[1], kernel[1], strides[1], dil[1], pad)];
  if (out[0] < 1 || out[1] < 1) fail(layer, `window ${kernel.join('×')} does not fit its ${hw.join('×')} input`);
  return out;
}

export function inputDims(layer: LayerNode): Dims {
  const shape = layer.config.batch_input_shape ?? layer.config.batch_shape;
  if (!Array.isArray(shape) || shape.length < 2) fail(layer, 'has no batch_input_shape');
  const dims = shape.slice(1);
  if (!dims.every((d): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
    fail(layer, `input shape ${JSON.stringify(shape)} is not fully known; export needs a fixed input size`);
  }
  if (dims.length !== 1 && dims.length !== 3) fail(layer, `inputs must be [features] or [H, W, C], got [${dims.join(', ')}]`);
  return dims;
}

/** Output dims and expected weights of one layer given its input dims. */
export function inferLayer(layer: LayerNode, ins: Dims[]): { out: Dims; weights: ExpectedWeight[] } {
  const c = layer.className;
  if (c === 'InputLayer') return { out: inputDims(layer), weights: [] };
  if (ins.length === 0) fail(layer, 'has no input');
  const x = ins[0];
  if (!MERGE_LAYERS.has(c) && c !== 'Concatenate' && ins.length !== 1) fail(layer, `expects one input, got ${ins.length}`);
  const bias = (n: number): ExpectedWeight[] => (boolOf(layer, 'use_bias', true) ? [{ key: 'bias', shape: [n] }] : []);
  switch (c) {
    case 'Conv2D': {
      checkChannelsLast(layer);
      const [h, w, cin] = spatial(layer, x);
      const k = pairOf(layer, 'kernel_size', null);
      const f = intOf(layer, 'filters');
      const [oh, ow] = windowed(layer, [h, w], k, pairOf(layer, 'strides', [1, 1]), pairOf(layer, 'dilation_rate', [1, 1]));
      return { out: [oh, ow, f], weights: [{ key: 'kernel', shape: [k[0], k[1], cin, f] }, ...bias(f)] };
    }
    case 'DepthwiseConv2D':
    case 'SeparableConv2D': {
      checkChannelsLast(layer);
      const [h, w, cin] = spatial(layer, x);
      const k = pairOf(layer, 'kernel_size', null);
      const dm = intOf(layer, 'depth_multiplier', 1);
      const [oh, ow] = windowed(layer, [h, w], k, pairOf(layer, 'strides', [1, 1]), pairOf(layer, 'dilation_rate', [1, 1]));
      const dw: ExpectedWeight = { key: 'depthwise_kernel', shape: [k[0], k[1], cin, dm] };
      if (c === 'DepthwiseConv2D') return { out: [oh, ow, cin * dm], weights: [dw, ...bias(cin * dm)] };
      const f = intOf(layer, 'filters');
      return { out: [oh, ow, f], weights: [dw, { key: 'pointwise_kernel', shape: [1, 1, cin * dm, f] }, ...bias(f)] };
    }
    case 'Dense': {
      const units = intOf(layer, 'units');
      const fin = x[x.length - 1];
      return { out: [...x.slice(0, -1), units], weights: [{ key: 'kernel', shape: [fin, units] }, ...bias(units)] };
    }
    case 'BatchNormalization': {
      const axis = axisOf(layer, 'axis', x.length + 1, -1);
      if (axis !== x.length) fail(layer, `only normalization over the last (channel) axis is supported, got axis ${axis}`);
      const n = x[x.length - 1];
      const ws: ExpectedWeight[] = [];
      if (boolOf(layer, 'scale', true)) ws.push({ key: 'gamma', shape: [n] });
      if (boolOf(layer, 'center', true)) ws.push({ key: 'beta', shape: [n] });
      ws.push({ key: 'moving_mean', shape: [n] }, { key: 'moving_variance', shape: [n] });
      return { out: x, weights: ws };
    }
    case 'Activation':
    case 'ReLU':
    case 'LeakyReLU':
    case 'ELU':
    case 'Dropout':
      return { out: x, weights: [] };
    case 'Softmax':
      axisOf(layer, 'axis', x.length + 1, -1);
      return { out: x, weights: [] };
    case 'SpatialDropout2D':
      spatial(layer, x);
      return { out: x, weights: [] };
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      checkChannelsLast(layer);
      const [h, w, ch] = spatial(layer, x);
      const pool = pairOf(layer, 'pool_size', [2, 2]);
      const [oh, ow] = windowed(layer, [h, w], pool, pairOf(layer, 'strides', pool), [1, 1]);
      return { out: [oh, ow, ch], weights: [] };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      checkChannelsLast(layer);
      const [, , ch] = spatial(layer, x);
      return { out: boolOf(layer, 'keepdims', false) ? [1, 1, ch] : [ch], weights: [] };
    }
    case 'Flatten':
      return { out: [x.reduce((a, b) => a * b, 1)], weights: [] };
    case 'ZeroPadding2D': {
      const [h, w, ch] = spatial(layer, x);
      const [t, b, l, r] = zeroPaddingOf(layer);
      return { out: [h + t + b, w + l + r, ch], weights: [] };
    }
    case 'Concatenate': {
      if (ins.length < 2) fail(layer, `needs at least 2 inputs, got ${ins.length}`);
      const axis = axisOf(layer, 'axis', x.length + 1, -1) - 1;
      const out = [...x];
      for (const other of ins.slice(1)) {
        if (other.length !== x.length || other.some((d, i) => i !== axis && d !== x[i])) {
          fail(layer, `input shapes [${x.join(', ')}] and [${other.join(', ')}] cannot be concatenated on axis ${axis + 1}`);
        }
        out[axis] += other[axis];
      }
      return { out, weights: [] };
    }
    default:
      if (MERGE_LAYERS.has(c)) {
        if (ins.length < 2) fail(layer, `needs at least 2 inputs, got ${ins.length}`);
        if (c === 'Subtract' && ins.length !== 2) fail(layer, `needs exactly 2 inputs, got ${ins.length}`);
        for (const other of ins) {
          if (other.join(',') !== x.join(',')) fail(layer, `input shapes [${x.join(', ')}] and [${other.join(', ')}] differ`);
        }
        return { out: x, weights: [] };
      }
      return fail(layer, `layer class '${c}' is not supported for export (supported: ${SUPPORTED_LAYERS.join(', ')})`);
  }
}
