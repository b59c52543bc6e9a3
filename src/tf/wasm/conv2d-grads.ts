/**
 * Conv2DBackpropFilter and a faster Conv2DBackpropInput for the wasm backend (NHWC, any stride/padding).
 *
 * Default: both grads as XNNPACK forward convolutions (see conv2d-as-conv.ts). Fallback when padding can't
 * be expressed that way:
 * filter grad: dW[K, cout] = cols(x)ᵀ · dy   (im2col in JS, MatMul kernel)
 * input grad:  dx = col2im(dy · W[K, cout]ᵀ)  (MatMul kernel, col2im in JS)
 * split into batch chunks so the column buffer stays small whatever the image size.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterByConv, conv2dBackpropInputByConv } from './conv2d-as-conv';
import { conv2dFilterGradByGemm } from './conv-filter-gemm';
import { type ConvGeom, col2imAdd, im2col } from './im2col';
import { fmaConvInputGrad, fmaFilterGrad } from './simd/fma-conv';
import {
  type BackendWasm,
  type Shape4,
  alias,
  allocF32,
  assertNHWC,
  batchChunk,
  convGeometry,
  copyRange,
  floatOffset,
  matMul2d,
  release,
  wholeHeapF32,
} from './wasm-heap';

export function geomOf(info: tf.backend_util.Conv2DInfo): ConvGeom {
  return {
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilH: info.dilationHeight,
    dilW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** A conv as GEMM over im2col rows: geometry, batch, output channels, row length K and rows per image. */
function gemmView(info: tf.backend_util.Conv2DInfo) {
  const g = geomOf(info);
  return { g, batch: info.batchSize, cout: info.outChannels, K: g.kH * g.kW * g.inC, rowsPerImage: g.outH * g.outW };
}

let useConvPath = true;
let filterGradPath: 'auto' | 'gemm' | 'other' = 'auto';
let useFma = true;

/**
 * Chooses the formulation, for tests: 'fma' (the default: stride-1 gradients on the relaxed-SIMD kernels,
 * simd/fma-conv.ts, where the engine has it and the shape fits; the rest as 'conv'), 'conv' (XNNPACK forward
 * convs; the filter gradient of big stride-1 maps takes the GEMM path instead), 'im2col' (im2col + MatMul
 * fallback), 'gemm' (conv-filter-gemm.ts for every filter gradient; input gradients as 'conv').
 */
export function setConvGradPath(path: 'fma' | 'conv' | 'im2col' | 'gemm'): void {
  useFma = path === 'fma';
  useConvPath = path !== 'im2col';
  filterGradPath = path === 'gemm' ? 'gemm' : path === 'im2col' ? 'other' : 'auto';
}

/** Stride-1, non-1×1 filter gradients of big output maps run fastest as GEMMs (measured in docs/training-speed.md). */
function prefersGemm(g: ConvGeom): boolean {
  return g.strideH === 1 && g.strideW === 1 && g.kH * g.kW > 1 && g.inC >= GEMM_MIN_IN_CHANNELS && g.outH * g.outW >= GEMM_MIN_OUTPUT_PIXELS;
}

type KernelArgs<I, A> = { inputs: I; backend: BackendWasm; attrs: A };

/**
 * Dilation of a conv gradient call. The stock Conv2DBackprop{Filter,Input} attrs have none (dilation 1); the
 * dilated-conv kernels registered under {@link DILATED_CONV_GRAD_KERNELS} pass the forward conv's dilations.
 */
type Dilations = { dilations?: number | [number, number] };

/** Output maps at least this big (outH·outW) take the GEMM filter gradient (conv-filter-gemm.ts) at stride 1. */
const GEMM_MIN_OUTPUT_PIXELS = 256;
/** …and at least this many input channels (with fewer, e.g. a 1-channel depthwise conv, the GEMM is too thin). */
const GEMM_MIN_IN_CHANNELS = 16;

export function conv2dBackpropFilterWasm(args: KernelArgs<tf.Conv2DBackpropFilterInputs, tf.Conv2DBackpropFilterAttrs & Dilations>): tf.TensorInfo {
  const { backend, attrs } = args;
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  assertNHWC('Conv2DBackpropFilter', attrs.dataFormat);
  const info = convGeometry(x.shape as Shape4, attrs.filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false);
  const { g, batch, cout, K, rowsPerImage } = gemmView(info);
  if (useFma) {
    const viaFma = fmaFilterGrad(backend, x, dy, g, batch, cout);
    if (viaFma != null) return viaFma;
  }
  if (filterGradPath === 'gemm' || (filterGradPath === 'auto' && prefersGemm(g))) return conv2dFilterGradByGemm(backend, x, dy, g, batch, cout);
  if (useConvPath) {
    const viaConv = conv2dBackpropFilterByConv(backend, x, dy, g, batch, cout);
    if (viaConv != null) return viaConv;
  }
  const chunk = batchChunk(batch, rowsPerImage * K);
  let acc: tf.TensorInfo | null = null;
  for (let n0 = 0; n0 < batch; n0 += chunk) {
    const nb = Math.min(chunk, batch - n0);
    const rows = nb * rowsPerImage;
    const cols = allocF32(backend, [rows, K]);
    const heap = wholeHeapF32(backend);
    im2col(heap, floatOffset(backend, x), heap, floatOffset(backend, cols), g, n0, nb);
    const dyPart = nb === batch ? dy : copyRange(backend, dy, n0 * rowsPerImage * cout, [rows, cout]);
    const part = matMul2d(backend, cols, [rows, K], dyPart, [rows, cout], true, false);
    release(backend, cols);
    if (dyPart !== dy) release(backend, dyPart);
    if (acc == null) {
      acc = part;
    } else {
      const h = wholeHeapF32(backend);
      const a = floatOffset(backend, acc);
      const p = floatOffset(backend, part);
      for (let i = 0; i < K * cout; i++) h[a + i] += h[p + i];
      release(backend, part);
    }
  }
  return alias(acc as tf.TensorInfo, attrs.filterShape);
}

export function conv2dBackpropInputWasm(args: KernelArgs<tf.Conv2DBackpropInputInputs, tf.Conv2DBackpropInputAttrs & Dilations>): tf.TensorInfo {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  assertNHWC('Conv2DBackpropInput', attrs.dataFormat);
  const info = convGeometry(attrs.inputShape, filter.shape as Shape4, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false);
  const { g, batch, cout, K, rowsPerImage } = gemmView(info);
  if (useFma) {
    const viaFma = fmaConvInputGrad(backend, g, batch, dy, filter, cout);
    if (viaFma != null) return viaFma;
  }
  if (useConvPath) {
    const viaConv = conv2dBackpropInputByConv(backend, dy, filter, g, batch);
    if (viaConv != null) return viaConv;
  }
  const dx = allocF32(backend, attrs.inputShape);
  wholeHeapF32(backend).fill(0, floatOffset(backend, dx), floatOffset(backend, dx) + batch * g.inH * g.inW * g.inC);
  const chunk = batchChunk(batch, rowsPerImage * K);
  for (let n0 = 0; n0 < batch; n0 += chunk) {
    const nb = Math.min(chunk, batch - n0);
    const rows = nb * rowsPerImage;
    const dyPart = nb === batch ? dy : copyRange(backend, dy, n0 * rowsPerImage * cout, [rows, cout]);
    const cols = matMul2d(backend, dyPart, [rows, cout], filter, [K, cout], false, true);
    if (dyPart !== dy) release(backend, dyPart);
    const heap = wholeHeapF32(backend);
    col2imAdd(heap, floatOffset(backend, cols), heap, floatOffset(backend, dx), g, n0, nb);
    release(backend, cols);
  }
  return dx;
}
