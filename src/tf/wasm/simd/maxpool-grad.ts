/**
 * MaxPoolGrad for a 2×2, stride-2, unpadded pool on the generated wasm SIMD module (maxpool-grad-module.ts):
 * same values as the JS loop in fast-basic-kernels.ts (first maximum wins; NaN as there), four channels at a time.
 * Needs plain wasm SIMD only and C ≥ 4; otherwise the caller keeps its JS loop.
 */
import type * as tf from '@tensorflow/tfjs';
import { type BackendWasm, floatOffset, wholeHeapF32 } from '../wasm-heap';
import { BackendModuleCache } from './backend-module';
import { type MaxPoolGradExports, maxPoolGradModuleBytes } from './maxpool-grad-module';

const modules = new BackendModuleCache<MaxPoolGradExports>(maxPoolGradModuleBytes);

/** Calls that took the SIMD path (tests check a shape really ran here). */
export const maxPoolGradSimdCalls = { count: 0 };
let enabled = true;

/** Turns the SIMD path off (tests and benchmarks compare both paths); returns the previous setting. */
export function setMaxPoolGradSimdEnabled(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/**
 * Writes dx [N, H, W, C] (already allocated, any contents) of a 2×2 / stride-2 max pool of x with output
 * [N, OH, OW, C] (2·OH ≤ H, 2·OW ≤ W) and gradient dy. False, with dx untouched, when this path does not apply.
 */
export function maxPoolGrad2x2Simd(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, dx: tf.TensorInfo, OH: number, OW: number): boolean {
  const [N, H, W, C] = x.shape;
  if (!enabled || C < 4 || OH === 0 || OW === 0 || dy.dtype !== 'float32') return false;
  const ex = modules.exportsFor(backend);
  if (ex == null) return false;
  const dxo = floatOffset(backend, dx);
  // Windows cover everything but an odd last row or column, which must read 0.
  if (2 * OH < H || 2 * OW < W) wholeHeapF32(backend).fill(0, dxo, dxo + N * H * W * C);
  const C4 = C * 4;
  const xImage = H * W * C4;
  const dyImage = OH * OW * C4;
  const xAddr = floatOffset(backend, x) * 4;
  const dyAddr = floatOffset(backend, dy) * 4;
  // One call per image: V8 optimises a wasm function between calls, never inside a long one.
  for (let n = 0; n < N; n++) ex.maxPoolGrad2x2(xAddr + n * xImage, dxo * 4 + n * xImage, dyAddr + n * dyImage, OH, OW, C4, W * C4);
  maxPoolGradSimdCalls.count++;
  return true;
}
