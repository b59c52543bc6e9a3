/**
 * Small helpers for writing tfjs-backend-wasm kernels in TypeScript: allocating outputs on the wasm heap,
 * viewing tensors as Float32Arrays on that heap, and calling the backend's own (XNNPACK) MatMul kernel.
 *
 * Heap views must be re-taken after every allocation: growing wasm memory detaches the old ArrayBuffer.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

/** A 4-D NHWC shape. */
export type Shape4 = [number, number, number, number];

/** Allocates an uninitialised float32 tensor on the wasm heap. */
export function allocF32(backend: BackendWasm, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** A Float32Array view of a tensor's data on the wasm heap (valid until the next allocation). */
export function heapF32(backend: BackendWasm, t: tf.TensorInfo): Float32Array {
  if (t.dtype !== 'float32') {
    throw new Error(`wasm training kernel: expected a float32 tensor, got ${t.dtype}`);
  }
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** Frees a tensor made inside a kernel that is not returned to the engine. */
export function release(backend: BackendWasm, t: tf.TensorInfo): void {
  backend.disposeData(t.dataId);
}

/** The same data seen with another shape (no copy; the caller must not dispose the alias). */
export function alias(t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

type KernelCall = (args: { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs: tf.NamedAttrMap }) => tf.TensorInfo;

function wasmKernel(name: string): KernelCall {
  const k = tf.getKernel(name, 'wasm');
  if (k == null) throw new Error(`wasm backend has no ${name} kernel`);
  return k.kernelFunc as unknown as KernelCall;
}

/** Runs another wasm kernel (Conv2D, Transpose, ...) from inside a kernel; the result is owned by the caller. */
export function callWasmKernel(
  backend: BackendWasm,
  name: string,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown>,
): tf.TensorInfo {
  return wasmKernel(name)({ inputs, backend, attrs: attrs as tf.NamedAttrMap });
}

/**
 * a·b with the wasm backend's MatMul (2-D shapes, optional transposes). Returns a new [rows, cols] tensor
 * owned by the caller.
 */
export function matMul2d(
  backend: BackendWasm,
  a: tf.TensorInfo,
  aShape: [number, number],
  b: tf.TensorInfo,
  bShape: [number, number],
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  const out = wasmKernel('BatchMatMul')({
    inputs: { a: alias(a, [1, ...aShape]), b: alias(b, [1, ...bShape]) },
    backend,
    attrs: { transposeA, transposeB },
  });
  const rows = transposeA ? aShape[1] : aShape[0];
  const cols = transposeB ? bShape[0] : bShape[1];
  return alias(out, [rows, cols]);
}

/** Copies part of a tensor's flat data into a new heap tensor of the given shape. */
export function copyRange(backend: BackendWasm, src: tf.TensorInfo, start: number, shape: number[]): tf.TensorInfo {
  const size = shape.reduce((p, d) => p * d, 1);
  const out = allocF32(backend, shape);
  const heap = new Float32Array(heapBuffer(backend));
  const srcOff = floatOffset(backend, src) + start;
  heap.copyWithin(floatOffset(backend, out), srcOff, srcOff + size);
  return out;
}

function heapBuffer(backend: BackendWasm): ArrayBufferLike {
  return (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer;
}

/** The whole wasm heap as floats (valid until the next allocation). */
export function wholeHeapF32(backend: BackendWasm): Float32Array {
  return new Float32Array(heapBuffer(backend));
}

/** Index of a float32 tensor's first element in {@link wholeHeapF32}. */
export function floatOffset(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.getMemoryOffset(t.dataId) / 4;
}

/** Conv geometry for NHWC tensors, computed by tfjs itself so padding matches every other backend. */
export function convGeometry(
  xShape: Shape4,
  filterShape: Shape4,
  strides: [number, number] | number,
  dilations: [number, number] | number,
  pad: tf.Conv2DBackpropFilterAttrs['pad'],
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, dimRoundingMode, depthwise, 'channelsLast');
}

/** Rejects NCHW data: these kernels are channels-last only (as is every Keras-style model here). */
export function assertNHWC(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports only NHWC (channels-last) data, got ${dataFormat}`);
  }
}

let chunkFloats = 8 * 1024 * 1024;

/** Sets the im2col buffer budget in floats (tests use a tiny one to exercise chunking); returns the old one. */
export function setIm2colBudget(floats: number): number {
  const old = chunkFloats;
  chunkFloats = Math.max(1, Math.floor(floats));
  return old;
}

/** Largest number of images per chunk so that a chunk's im2col buffer stays under `maxFloats`. */
export function batchChunk(batch: number, floatsPerImage: number, maxFloats = chunkFloats): number {
  return Math.max(1, Math.min(batch, Math.floor(maxFloats / Math.max(1, floatsPerImage))));
}
