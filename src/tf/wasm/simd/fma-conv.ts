/**
 * Stride-1 Conv2D (any dilation) and both its gradients on generated relaxed-SIMD modules, working directly on
 * tfjs-wasm's memory:
 *   forward      out[p, co] = bias[co] + Σ_tap,ci xpad[p + tap, ci] · W[tap, ci, co]   (conv-forward-module.ts)
 *   input grad   dx = the forward conv of dy padded by (k−1)·d − pad, W flipped and transposed
 *   filter grad  dW[tap, ci, co] = Σ_p xpad[p + tap, ci] · dy[p, co]                      (fma-conv-module.ts)
 *
 * Used where the engine has relaxed SIMD (Chrome ≥ 114; Node 20 after `enableRelaxedSimdInNode`) and the output
 * channels of the pass are a multiple of 8 (forward and input gradient: kernels larger than 1×1 too); otherwise
 * these return null and the caller keeps its XNNPACK path.
 */
import type * as tf from '@tensorflow/tfjs';
import { flippedFilter } from '../conv2d-as-conv';
import type { ConvGeom } from '../im2col';
import { type BackendWasm, allocF32, floatOffset, release, wholeHeapF32 } from '../wasm-heap';
import { BackendModuleCache } from './backend-module';
import { type FmaConvExports, TILE_COLS, fmaConvModuleBytes } from './fma-conv-module';
import { relaxedSimdSupported } from './relaxed-simd';
import { CONV_TILE_CHANNELS, type ConvForwardExports, convForwardModuleBytes } from './conv-forward-module';

const modules = new BackendModuleCache<FmaConvExports>((sharedMemory) => fmaConvModuleBytes({ fma: true, sharedMemory }));
let enabled = true;

/** Calls that took the relaxed-SIMD path (tests check a shape really ran here, not on the fallback). */
export const fmaConvCalls = { forward: 0, inputGrad: 0, filterGrad: 0 };

/** Turns the relaxed-SIMD conv kernels off (tests and benches compare both paths); returns the previous setting. */
export function setFmaConvEnabled(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/** Whether these kernels may run: relaxed SIMD is there and they are not turned off. */
function usable(): boolean {
  return enabled && relaxedSimdSupported();
}

/**
 * The zero-padded input extent a stride-1 conv reads, Hp × Wp = (out + (k−1)·d) per side, or null when the conv is
 * strided or its padding would crop the input instead of only adding zeros.
 */
function paddedInput(g: ConvGeom): { Hp: number; Wp: number } | null {
  if (g.strideH !== 1 || g.strideW !== 1) return null;
  const Hp = g.outH + (g.kH - 1) * g.dilH;
  const Wp = g.outW + (g.kW - 1) * g.dilW;
  return g.padTop >= 0 && g.padLeft >= 0 && g.padTop + g.inH <= Hp && g.padLeft + g.inW <= Wp ? { Hp, Wp } : null;
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
  const padded = paddedInput(g);
  if (padded == null || cout % TILE_COLS !== 0 || !usable()) return null;
  const ex = modules.exportsFor(backend);
  if (ex == null) return null;
  const { Hp, Wp } = padded;
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

const forwardModules = new BackendModuleCache<ConvForwardExports>((sharedMemory) => convForwardModuleBytes({ fma: true, sharedMemory }));

/** A conv's geometry with its batch and output channels (the forward kernel takes stride 1 only). */
export type FmaConvCall = ConvGeom & { batch: number; cout: number };

/**
 * Whether the forward kernel takes this shape: a spatial kernel (a 1×1 conv is a plain GEMM, where XNNPACK measured
 * as fast or faster), output channels in blocks of 8, stride 1 with padding that only adds zeros.
 */
function forwardFits(c: FmaConvCall): boolean {
  return c.kH * c.kW > 1 && c.cout % CONV_TILE_CHANNELS === 0 && paddedInput(c) != null;
}

/** W [K, Cout] (K = kH·kW·C) → blocks of 8 output channels [Cout/8][K][8], as a new heap tensor. */
function packFilter(backend: BackendWasm, w: tf.TensorInfo, K: number, cout: number): tf.TensorInfo {
  const packed = allocF32(backend, [K * cout]);
  const h = wholeHeapF32(backend);
  const src = floatOffset(backend, w);
  let d = floatOffset(backend, packed);
  for (let co = 0; co < cout; co += CONV_TILE_CHANNELS) {
    for (let k = 0; k < K; k++, d += CONV_TILE_CHANNELS) h.copyWithin(d, src + k * cout + co, src + k * cout + co + CONV_TILE_CHANNELS);
  }
  return packed;
}

/** out = conv(x, w [kH, kW, C, Cout]) + bias, ReLU'd when asked; the caller checked the shape and the module. */
function runForward(
  backend: BackendWasm,
  ex: ConvForwardExports,
  c: FmaConvCall,
  x: tf.TensorInfo,
  w: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  relu: boolean,
): tf.TensorInfo {
  const { Hp, Wp } = paddedInput(c) as { Hp: number; Wp: number };
  const C4 = c.inC * 4;
  const K = c.kH * c.kW * c.inC;
  const xp = allocF32(backend, [c.batch * Hp * Wp * c.inC]);
  const packed = packFilter(backend, w, K, c.cout);
  const zeroBias = bias == null ? allocF32(backend, [c.cout]) : null;
  const out = allocF32(backend, [c.batch, c.outH, c.outW, c.cout]);
  if (zeroBias != null) {
    const z = floatOffset(backend, zeroBias);
    wholeHeapF32(backend).fill(0, z, z + c.cout);
  }
  const addr = (t: tf.TensorInfo) => floatOffset(backend, t) * 4;
  ex.padPixels(addr(x), addr(xp), c.batch, c.inH, c.inW, C4, C4, Hp, Wp, c.padTop, c.padLeft);
  const inImage = Hp * Wp * C4;
  const outImage = c.outH * c.outW * c.cout * 4;
  const biasAddr = addr(bias ?? (zeroBias as tf.TensorInfo));
  // One call per image: V8 moves a wasm function to its optimising tier only between calls.
  for (let n = 0; n < c.batch; n++) {
    ex.conv(
      addr(xp) + n * inImage,
      addr(out) + n * outImage,
      addr(packed),
      biasAddr,
      1,
      c.outH,
      c.outW,
      c.inC,
      c.cout * 4,
      c.kH,
      c.kW,
      c.dilH * Wp * C4,
      c.dilW * C4,
      Wp * C4,
      inImage,
    );
  }
  if (relu) ex.relu(addr(out), c.batch * c.outH * c.outW * c.cout);
  release(backend, xp);
  release(backend, packed);
  if (zeroBias != null) release(backend, zeroBias);
  return out;
}

/** Forward stride-1 conv (+ bias, + ReLU) on the relaxed-SIMD kernel, or null when it does not apply. */
export function fmaConvForward(
  backend: BackendWasm,
  c: FmaConvCall,
  x: tf.TensorInfo,
  w: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  relu: boolean,
): tf.TensorInfo | null {
  if (!forwardFits(c) || !usable()) return null;
  const ex = forwardModules.exportsFor(backend);
  if (ex == null) return null;
  fmaConvCalls.forward++;
  return runForward(backend, ex, c, x, w, bias, relu);
}

/**
 * dx [batch, inH, inW, C] of a stride-1 conv from dy and W [kH, kW, C, Cout]: the forward conv of dy padded by
 * (k−1)·d − pad with the flipped, transposed filter. Null when this path does not apply.
 */
export function fmaConvInputGrad(
  backend: BackendWasm,
  g: ConvGeom,
  batch: number,
  dy: tf.TensorInfo,
  w: tf.TensorInfo,
  cout: number,
): tf.TensorInfo | null {
  if (g.strideH !== 1 || g.strideW !== 1 || !usable()) return null;
  // The gradient's conv: dy (cout channels) in, dx (inC channels) out, the same taps, padding (k−1)·d − pad.
  const c: FmaConvCall = {
    ...g,
    batch,
    inH: g.outH,
    inW: g.outW,
    inC: cout,
    outH: g.inH,
    outW: g.inW,
    cout: g.inC,
    padTop: (g.kH - 1) * g.dilH - g.padTop,
    padLeft: (g.kW - 1) * g.dilW - g.padLeft,
  };
  if (!forwardFits(c)) return null;
  const ex = forwardModules.exportsFor(backend);
  if (ex == null) return null;
  const wT = flippedFilter(backend, w, g, cout);
  const dx = runForward(backend, ex, c, dy, wT, null, false);
  release(backend, wT);
  fmaConvCalls.inputGrad++;
  return dx;
}
