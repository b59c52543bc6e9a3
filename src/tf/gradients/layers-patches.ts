import * as tf from '@tensorflow/tfjs';
import { outputLength } from '../../core/blocks/conv-math';
import { isDilated, pairOf } from './conv-geometry';

/**
 * Three tfjs-layers 4.22 gaps, fixed in place without changing class names or config formats
 * (saved models stay standard Keras/tfjs JSON):
 *
 * 1. Conv2D: while training, a linear-activation Conv2D runs `tf.fused.conv2d`, whose gradient is
 *    an inline `customGrad` that refuses dilation > 1; its tape node has no kernel name or attrs,
 *    so it cannot be replaced through the gradient registry. Dilated Conv2D layers therefore run conv2d → add bias → activation as separate ops,
 *    so the registered Conv2D gradient applies (forward values are the same).
 * 2. DepthwiseConv2D: `call` passes dilation `null` and `computeOutputShape` ignores dilation_rate
 *    (a "TODO(cais)" in convolutional_depthwise.ts), so a dilated layer silently computed an
 *    undilated convolution. Dilated DepthwiseConv2D layers now honour dilation_rate.
 * 3. SeparableConv2D: `getConfig` drops depth_multiplier, so a saved model with depth multiplier
 *    > 1 reloads as 1 and its weights no longer fit. It is written back into the config.
 *
 * Undilated layers, and channelsFirst layers, keep the stock code paths.
 *
 * These patches live only inside the app. Every model.json that leaves it is written so that stock tfjs computes
 * the same without them (dilated DepthwiseConv2D as its zero-expanded undilated equivalent; see
 * core/export/stock-tfjs.ts and docs/tfjs-export.md).
 */

interface LayerVar {
  read(): tf.Tensor;
}
interface ActivationFn {
  apply(x: tf.Tensor): tf.Tensor;
}
interface ConvInternals {
  rank: number;
  strides: number[];
  padding: string;
  dilationRate: number | number[];
  dataFormat: string;
  activation: ActivationFn | null;
  bias: LayerVar | null;
  kernel?: LayerVar | null;
  depthwiseKernel?: LayerVar | null;
  depthMultiplier?: number;
  kernelSize: number[];
}

type GetConfigFn = () => tf.serialization.ConfigDict;
type CallFn = (inputs: tf.Tensor | tf.Tensor[], kwargs: object) => tf.Tensor | tf.Tensor[];
type ShapeFn = (inputShape: tf.Shape | tf.Shape[]) => tf.Shape | tf.Shape[];
interface PatchableProto {
  call: CallFn;
  computeOutputShape: ShapeFn;
}

const PATCHED = Symbol.for('sora.dilationPatched');

function layerPrototype(className: string): PatchableProto & { [PATCHED]?: boolean } {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs-layers class '${className}' is not registered; cannot patch dilation support`);
  return entry[0].prototype as unknown as PatchableProto & { [PATCHED]?: boolean };
}

function oneTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor4D {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x.rank !== 4) throw new Error(`Dilated convolution expects a rank-4 NHWC input, got rank ${x.rank}`);
  return x as tf.Tensor4D;
}

function dilatedActive(layer: ConvInternals): boolean {
  return layer.rank === 2 && layer.dataFormat === 'channelsLast' && isDilated(layer.dilationRate);
}

function pad(layer: ConvInternals): 'same' | 'valid' {
  if (layer.padding !== 'same' && layer.padding !== 'valid') {
    throw new Error(`Dilated convolution supports padding 'same' or 'valid', got '${layer.padding}'`);
  }
  return layer.padding;
}

function finish(layer: ConvInternals, y: tf.Tensor): tf.Tensor {
  let out = layer.bias ? tf.add(y, layer.bias.read()) : y;
  if (layer.activation) out = layer.activation.apply(out);
  return out;
}

function patchConv2D(): void {
  const proto = layerPrototype('Conv2D');
  if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) return;
  const original = proto.call;
  proto.call = function (this: ConvInternals, inputs, kwargs) {
    if (!dilatedActive(this) || !this.kernel) return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const [sh, sw] = pairOf(this.strides);
      const y = tf.conv2d(x, this.kernel!.read() as tf.Tensor4D, [sh, sw], pad(this), 'NHWC', pairOf(this.dilationRate));
      return finish(this, y);
    });
  } as CallFn;
  proto[PATCHED] = true;
}

function patchDepthwiseConv2D(): void {
  const proto = layerPrototype('DepthwiseConv2D');
  if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) return;
  const originalCall = proto.call;
  const originalShape = proto.computeOutputShape;
  proto.call = function (this: ConvInternals, inputs, kwargs) {
    if (!dilatedActive(this) || !this.depthwiseKernel) return originalCall.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const [sh, sw] = pairOf(this.strides);
      const y = tf.depthwiseConv2d(x, this.depthwiseKernel!.read() as tf.Tensor4D, [sh, sw], pad(this), 'NHWC', pairOf(this.dilationRate));
      return finish(this, y);
    });
  } as CallFn;
  proto.computeOutputShape = function (this: ConvInternals, inputShape) {
    if (!dilatedActive(this)) return originalShape.call(this, inputShape);
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [dh, dw] = pairOf(this.dilationRate);
    const [sh, sw] = pairOf(this.strides);
    const p = pad(this);
    const rows = s[1] == null ? null : outputLength(s[1], this.kernelSize[0], sh, dh, p);
    const cols = s[2] == null ? null : outputLength(s[2], this.kernelSize[1], sw, dw, p);
    const ch = s[3] == null ? null : s[3] * (this.depthMultiplier ?? 1);
    return [s[0], rows, cols, ch];
  } as ShapeFn;
  proto[PATCHED] = true;
}

function patchSeparableConfig(): void {
  const proto = layerPrototype('SeparableConv2D') as PatchableProto & { getConfig: GetConfigFn; [PATCHED]?: boolean };
  if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) return;
  const original = proto.getConfig;
  proto.getConfig = function (this: ConvInternals) {
    const config = original.call(this);
    config.depthMultiplier = this.depthMultiplier ?? 1;
    return config;
  };
  proto[PATCHED] = true;
}

let done = false;

/** Installs the three fixes once. */
export function patchTfjsLayers(): void {
  if (done) return;
  patchConv2D();
  patchDepthwiseConv2D();
  patchSeparableConfig();
  done = true;
}
