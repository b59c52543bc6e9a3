/**
 * Conv2D and FusedConv2D for 'wasm' with a relaxed-SIMD fast path (fma-conv.ts) for stride-1 NHWC convolutions
 * whose output channels fit its tiles; every other case (strides, NCHW, other activations, no relaxed SIMD) runs the
 * original XNNPACK kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import { geomOf } from '../conv2d-grads';
import type { WasmKernelFunc } from '../fast-basic-kernels';
import { type Shape4, convGeometry } from '../wasm-heap';
import { type FmaConvCall, fmaConvForward } from './fma-conv';

type ConvAttrs = Partial<tf.FusedConv2DAttrs> & Pick<tf.Conv2DAttrs, 'strides' | 'pad' | 'dilations'>;

function callOf(x: tf.TensorInfo, filter: tf.TensorInfo, attrs: ConvAttrs): FmaConvCall | null {
  if (attrs.dataFormat != null && attrs.dataFormat !== 'NHWC') return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4 || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const info = convGeometry(x.shape as Shape4, filter.shape as Shape4, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false);
  return { ...geomOf(info), batch: info.batchSize, cout: info.outChannels };
}

/** Conv2D: the fast path, else the original kernel. */
export function makeFmaConv2D(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    const call = callOf(x, filter, args.attrs as unknown as ConvAttrs);
    return (call && fmaConvForward(args.backend, call, x, filter, null, false)) ?? original(args);
  };
}

/** FusedConv2D with a [Cout] bias (or none) and a linear or ReLU activation: the fast path, else the original. */
export function makeFmaFusedConv2D(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const attrs = args.attrs as unknown as ConvAttrs;
    const x = args.inputs.x as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    const bias = (args.inputs.bias as tf.TensorInfo | undefined) ?? null;
    const activation = attrs.activation ?? 'linear';
    if ((activation !== 'linear' && activation !== 'relu') || args.inputs.preluActivationWeights != null) return original(args);
    const call = callOf(x, filter, attrs);
    if (call == null || (bias != null && (bias.dtype !== 'float32' || bias.shape.reduce((a, b) => a * b, 1) !== call.cout))) return original(args);
    return fmaConvForward(args.backend, call, x, filter, bias, activation === 'relu') ?? original(args);
  };
}
