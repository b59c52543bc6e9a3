/**
 * DepthwiseConv2dNativeBackpropFilter for stride 1 and channel multiplier 1 on the generated wasm SIMD module
 * (depthwise-filter-grad-module.ts): dW[tap, c] = Σ_pixels xpad[pixel + tap, c] · dy[pixel, c], any kernel size,
 * dilation and (non-negative) padding. x is copied zero-padded unless the conv is unpadded; with C % 4 ≠ 0 x, dy
 * and dW get zero channels up to a multiple of 4. Sums are float32 per chunk of rows, then added into dW
 * (the JS loop sums in float64: the two agree to ~1e-6 relative).
 * Needs plain wasm SIMD; relaxed_madd where the engine has relaxed SIMD. Otherwise null: the caller keeps its JS.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ConvGeom } from '../im2col';
import { type BackendWasm, allocF32, floatOffset, release, wholeHeapF32 } from '../wasm-heap';
import { BackendModuleCache } from './backend-module';
import { type DepthwiseFilterGradExports, depthwiseFilterGradModuleBytes } from './depthwise-filter-grad-module';
import { relaxedSimdSupported } from './relaxed-simd';

const modules = new BackendModuleCache<DepthwiseFilterGradExports>((sharedMemory) =>
  depthwiseFilterGradModuleBytes({ fma: relaxedSimdSupported(), sharedMemory }),
);

/** Calls that took the SIMD path (tests check a shape really ran here). */
export const depthwiseFilterGradSimdCalls = { count: 0 };
let enabled = true;

/** Turns the SIMD path off (tests and benchmarks compare both paths); returns the previous setting. */
export function setDepthwiseFilterGradSimdEnabled(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/** Output pixels per driver call: V8 optimises a wasm function only between calls, and short float32 sums. */
const CHUNK_PIXELS = 256;

/**
 * dW [kH, kW, C, 1] of a stride-1, multiplier-1 depthwise conv from x [batch, inH, inW, C] and
 * dy [batch, outH, outW, C]; null when this path does not apply.
 */
export function depthwiseFilterGradSimd(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeom, batch: number): tf.TensorInfo | null {
  if (!enabled || g.strideH !== 1 || g.strideW !== 1 || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  if (batch === 0 || g.outH === 0 || g.outW === 0 || g.inC === 0) return null;
  const Hp = g.outH + (g.kH - 1) * g.dilH;
  const Wp = g.outW + (g.kW - 1) * g.dilW;
  if (g.padTop < 0 || g.padLeft < 0 || g.padTop + g.inH > Hp || g.padLeft + g.inW > Wp) return null;
  const ex = modules.exportsFor(backend);
  if (ex == null) return null;

  const C = g.inC;
  const Cx = Math.ceil(C / 4) * 4;
  const taps = g.kH * g.kW;
  const padX = Cx !== C || g.padTop !== 0 || g.padLeft !== 0 || Hp !== g.inH || Wp !== g.inW;
  const out = allocF32(backend, [g.kH, g.kW, C, 1]);
  const xp = padX ? allocF32(backend, [batch * Hp * Wp * Cx]) : x;
  const dyp = Cx !== C ? allocF32(backend, [batch * g.outH * g.outW * Cx]) : dy;
  const dwp = Cx !== C ? allocF32(backend, [taps * Cx]) : out;
  // Addresses after every allocation (growing the heap moves nothing, but detaches old views).
  const addr = (t: tf.TensorInfo) => floatOffset(backend, t) * 4;
  const C4 = C * 4;
  const Cx4 = Cx * 4;
  if (padX) ex.padPixels(addr(x), addr(xp), batch, g.inH, g.inW, C4, Cx4, Hp, Wp, g.padTop, g.padLeft);
  if (dyp !== dy) ex.padPixels(addr(dy), addr(dyp), batch, g.outH, g.outW, C4, Cx4, g.outH, g.outW, 0, 0);
  const dwOff = floatOffset(backend, dwp);
  wholeHeapF32(backend).fill(0, dwOff, dwOff + taps * Cx);

  const rowsPerChunk = Math.max(1, Math.min(g.outH, Math.floor(CHUNK_PIXELS / g.outW)));
  const xAddr = addr(xp);
  const dyAddr = addr(dyp);
  const tapCol = g.dilW * Cx4;
  const tapRow = g.dilH * Wp * Cx4;
  const xSkip = (Wp - g.outW) * Cx4;
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < g.outH; oy += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, g.outH - oy);
      const px = xAddr + (n * Hp + oy) * Wp * Cx4;
      const pd = dyAddr + (n * g.outH + oy) * g.outW * Cx4;
      ex.dwFilterGrad(px, pd, dwOff * 4, rows, g.outW, xSkip, Cx4, Cx4, tapCol, tapRow, g.kH, g.kW);
    }
  }

  if (dwp !== out) {
    const h = wholeHeapF32(backend);
    const o = floatOffset(backend, out);
    for (let t = 0; t < taps; t++) h.copyWithin(o + t * C, dwOff + t * Cx, dwOff + t * Cx + C);
    release(backend, dwp);
  }
  if (xp !== x) release(backend, xp);
  if (dyp !== dy) release(backend, dyp);
  depthwiseFilterGradSimdCalls.count++;
  return out;
}
