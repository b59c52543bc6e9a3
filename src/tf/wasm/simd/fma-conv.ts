/**
 * The stride-1 Conv2D filter gradient (any dilation) on the generated relaxed-SIMD module (fma-conv-module.ts),
 * working directly on tfjs-wasm's memory: dW[ky, kx, ci, co] = Σ_pixels xpad[pixel + tap, ci] · dy[pixel, co].
 *
 * Used where the engine has relaxed SIMD (Chrome ≥ 114; Node 20 after `enableRelaxedSimdInNode`) and the output
 * channels are a multiple of 8; otherwise {@link fmaFilterGrad} returns null and the caller keeps its XNNPACK path.
 *
 * The forward conv and the input gradient were tried on the same kind of kernel (a 6-pixel × 8-channel tile over a
 * channel-blocked padded input, also one specialised per geometry) and measured no faster than XNNPACK's, so they
 * stay there (docs/training-speed.md).
 */
import type * as tf from '@tensorflow/tfjs';
import type { ConvGeom } from '../im2col';
import { type BackendWasm, allocF32, floatOffset, release, wholeHeapF32 } from '../wasm-heap';
import { BackendModuleCache } from './backend-module';
import { type FmaConvExports, TILE_COLS, fmaConvModuleBytes } from './fma-conv-module';
import { relaxedSimdSupported } from './relaxed-simd';

const modules = new BackendModuleCache<FmaConvExports>((sharedMemory) => fmaConvModuleBytes({ fma: true, sharedMemory }));
let enabled = true;

/** Calls that took the relaxed-SIMD path (tests check a shape really ran here, not on the fallback). */
export const fmaConvCalls = { filterGrad: 0 };

/** Turns the relaxed-SIMD kernel off (tests and benches compare both paths); returns the previous setting. */
export function setFmaConvEnabled(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/** The module over this backend's memory, or null when relaxed SIMD is missing or turned off. */
function kernels(backend: BackendWasm): FmaConvExports | null {
  return enabled && relaxedSimdSupported() ? modules.exportsFor(backend) : null;
}

/** Output pixels per filter-gradient call: a few rows, so a chunk's x and dy stay in L1/L2 across all taps. */
const CHUNK_PIXELS = 128;

/**
 * dW [kH, kW, C, Cout] of a stride-1 conv (any dilation, non-negative padding) from x [N, H, W, C] and
 * dy [N, outH, outW, Cout]; null when this path does not apply.
 */
export function fmaFilterGrad(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeom,
  batch: number,
  cout: number,
): tf.TensorInfo | null {
  if (g.strideH !== 1 || g.strideW !== 1 || cout % TILE_COLS !== 0) return null;
  const Hp = g.outH + (g.kH - 1) * g.dilH;
  const Wp = g.outW + (g.kW - 1) * g.dilW;
  if (g.padTop < 0 || g.padLeft < 0 || g.padTop + g.inH > Hp || g.padLeft + g.inW > Wp) return null;
  const ex = kernels(backend);
  if (ex == null) return null;
  const C = g.inC;
  const C4 = C * 4;
  const Cout4 = cout * 4;
  // One row of slack: the last pixel's taps end inside the padded image, but keep reads off the next tensor.
  const xp = allocF32(backend, [batch * Hp * Wp * C + Wp * C]);
  const out = allocF32(backend, [g.kH, g.kW, C, cout]);
  const xpAddr = floatOffset(backend, xp) * 4;
  const dyAddr = floatOffset(backend, dy) * 4;
  const outAddr = floatOffset(backend, out) * 4;
  wholeHeapF32(backend).fill(0, outAddr / 4, outAddr / 4 + g.kH * g.kW * C * cout);
  ex.padPixels(floatOffset(backend, x) * 4, xpAddr, batch, g.inH, g.inW, C4, C4, Hp, Wp, g.padTop, g.padLeft);
  const rowsPerChunk = Math.max(1, Math.min(g.outH, Math.round(CHUNK_PIXELS / g.outW)));
  const tapRow = g.dilH * Wp * C4;
  const tapCol = g.dilW * C4;
  const aRowSkip = (Wp - g.outW) * C4;
  // Many short calls, not one long one: V8 moves a wasm function to its optimising tier only between calls.
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < g.outH; oy += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, g.outH - oy);
      const pa = xpAddr + (n * Hp + oy) * Wp * C4;
      const pd = dyAddr + (n * g.outH + oy) * g.outW * Cout4;
      ex.filterGrad(pa, pd, outAddr, rows, g.outW, aRowSkip, C4, Cout4, g.kH, g.kW, tapRow, tapCol);
    }
  }
  release(backend, xp);
  fmaConvCalls.filterGrad++;
  return out;
}
