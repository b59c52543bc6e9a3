/**
 * Stride-1 Conv2D (any dilation) and its two gradients on the generated relaxed-SIMD module
 * (fma-conv-module.ts), working directly on tfjs-wasm's memory:
 *   forward      out[p, co] = bias[co] + Σ_tap,ci xpad[p + tap, ci] · W[tap, ci, co]      (optional ReLU)
 *   input grad   dx = forward of dy padded by (k−1)·d − pad, with W flipped and transposed
 *   filter grad  dW[tap, ci, co] = Σ_p xpad[p + tap, ci] · dy[p, co]
 *
 * Used where the engine has relaxed SIMD (Chrome ≥ 114; Node 20 after `enableRelaxedSimdInNode`) and the shape
 * fits the register tiles (input channels a multiple of 4, output channels a multiple of 8 for the forward pass;
 * output channels a multiple of 8 for the filter gradient); otherwise these return null and the caller keeps its
 * XNNPACK path.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ConvGeom } from '../im2col';
import { type BackendWasm, allocF32, floatOffset, release, wholeHeapF32 } from '../wasm-heap';
import { type FmaConvExports, TILE_COLS, fmaConvModuleBytes } from './fma-conv-module';
import { relaxedSimdSupported } from './relaxed-simd';

type EmscriptenMemoryHolder = { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };

const instances = new WeakMap<WebAssembly.Memory, FmaConvExports>();

/** Calls that took the relaxed-SIMD path (tests check a shape really ran here, not on the fallback). */
export const fmaConvCalls = { forward: 0, inputGrad: 0, filterGrad: 0 };
let enabled = true;

/** Turns the relaxed-SIMD kernels off (tests compare both paths); returns the previous setting. */
export function setFmaConvEnabled(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/** tfjs-wasm's WebAssembly.Memory: `wasmMemory` in the threaded build, the instance export otherwise. */
function backendMemory(backend: BackendWasm): WebAssembly.Memory | null {
  const m = backend.wasm as unknown as EmscriptenMemoryHolder;
  return m.wasmMemory ?? m.asm?.memory ?? null;
}

/** The module instantiated over this backend's memory, or null when relaxed SIMD is missing or turned off. */
export function fmaConvKernels(backend: BackendWasm): FmaConvExports | null {
  if (!enabled || !relaxedSimdSupported()) return null;
  const memory = backendMemory(backend);
  if (memory == null) return null;
  let ex = instances.get(memory);
  if (ex == null) {
    const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    const module = new WebAssembly.Module(fmaConvModuleBytes({ fma: true, sharedMemory: shared }));
    ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as FmaConvExports;
    instances.set(memory, ex);
  }
  return ex;
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
  const ex = fmaConvKernels(backend);
  if (ex == null) return null;
  const C = g.inC;
  const C4 = C * 4;
  const Cout4 = cout * 4;
  // One row of slack: the last pixel's taps end inside the padded image, but keep reads off the next tensor.
  const xp = allocF32(backend, [batch * Hp * Wp * C + Wp * C]);
  const out = allocF32(backend, [g.kH, g.kW, C, cout]);
  const xAddr = floatOffset(backend, x) * 4;
  const xpAddr = floatOffset(backend, xp) * 4;
  const dyAddr = floatOffset(backend, dy) * 4;
  const outAddr = floatOffset(backend, out) * 4;
  const dwOff = outAddr / 4;
  wholeHeapF32(backend).fill(0, dwOff, dwOff + g.kH * g.kW * C * cout);
  ex.pad(xAddr, xpAddr, batch, g.inH, g.inW, C4, Hp, Wp, g.padTop, g.padLeft);
  const rowsPerChunk = Math.max(1, Math.min(g.outH, Math.round(CHUNK_PIXELS / g.outW)));
  const tapRow = g.dilH * Wp * C4;
  const tapCol = g.dilW * C4;
  const aRowSkip = (Wp - g.outW) * C4;
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

/** Pixels per channel block of the padded input: Hp·Wp, nudged so a block stride is not a multiple of 4 KiB. */
function blockPixels(Hp: number, Wp: number): number {
  let plane = Hp * Wp;
  while ((plane * 16) % 4096 < 256) plane += 4;
  return plane;
}

/** A stride-1 conv's data: input [batch, inH, inW, C] read with padding (pt, pl), output [batch, outH, outW, Cout]. */
export interface FmaConvCall {
  batch: number;
  inH: number;
  inW: number;
  C: number;
  outH: number;
  outW: number;
  cout: number;
  kH: number;
  kW: number;
  dilH: number;
  dilW: number;
  padTop: number;
  padLeft: number;
}

/** Whether {@link runFmaConv} takes this shape (channel multiples, padding that only adds zeros). */
export function fmaConvFits(c: FmaConvCall): boolean {
  const Hp = c.outH + (c.kH - 1) * c.dilH;
  const Wp = c.outW + (c.kW - 1) * c.dilW;
  return c.C % 4 === 0 && c.cout % TILE_COLS === 0 && c.padTop >= 0 && c.padLeft >= 0 && c.padTop + c.inH <= Hp && c.padLeft + c.inW <= Wp;
}

/**
 * out = conv(x, w) + bias (ReLU'd when asked), stride 1; w is [kH, kW, C, Cout] at heap byte address wAddr.
 * The caller checked {@link fmaConvFits} and got `ex` from {@link fmaConvKernels}.
 */
function runFmaConv(
  backend: BackendWasm,
  ex: FmaConvExports,
  c: FmaConvCall,
  x: tf.TensorInfo,
  w: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  relu: boolean,
): tf.TensorInfo {
  const Hp = c.outH + (c.kH - 1) * c.dilH;
  const Wp = c.outW + (c.kW - 1) * c.dilW;
  const plane = blockPixels(Hp, Wp);
  const xp = allocF32(backend, [c.batch * (c.C / 4) * plane * 4 + 16]);
  const zeroBias = bias == null ? allocF32(backend, [c.cout]) : null;
  const out = allocF32(backend, [c.batch, c.outH, c.outW, c.cout]);
  if (zeroBias != null) {
    const z = floatOffset(backend, zeroBias);
    wholeHeapF32(backend).fill(0, z, z + c.cout);
  }
  const xpAddr = floatOffset(backend, xp) * 4;
  const outAddr = floatOffset(backend, out) * 4;
  const wAddr = floatOffset(backend, w) * 4;
  const biasAddr = floatOffset(backend, bias ?? (zeroBias as tf.TensorInfo)) * 4;
  ex.padC4(floatOffset(backend, x) * 4, xpAddr, c.batch, c.inH, c.inW, c.C, Wp, c.padTop, c.padLeft, plane);
  const imageIn = (c.C / 4) * plane * 16;
  const imageOut = c.outH * c.outW * c.cout * 4;
  // One call per image: V8 tiers a wasm function up between calls, so a single long call would stay in its
  // baseline code (measured 2× slower).
  for (let n = 0; n < c.batch; n++) {
    ex.conv(
      xpAddr + n * imageIn,
      outAddr + n * imageOut,
      wAddr,
      biasAddr,
      1,
      c.outH,
      c.outW,
      c.C,
      c.cout * 4,
      c.kH,
      c.kW,
      c.dilH * Wp * 16,
      c.dilW * 16,
      Wp * 16,
      plane * 16,
      relu ? 1 : 0,
    );
  }
  release(backend, xp);
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
  if (!fmaConvFits(c)) return null;
  const ex = fmaConvKernels(backend);
  if (ex == null) return null;
  fmaConvCalls.forward++;
  return runFmaConv(backend, ex, c, x, w, bias, relu);
}

/** W [kH, kW, C, Cout] → [kH, kW, Cout, C] rotated by 180° (the input gradient's filter). */
function flipTranspose(backend: BackendWasm, w: tf.TensorInfo, kH: number, kW: number, C: number, cout: number): tf.TensorInfo {
  const out = allocF32(backend, [kH, kW, cout, C]);
  const h = wholeHeapF32(backend);
  const src = floatOffset(backend, w);
  const dst = floatOffset(backend, out);
  for (let ky = 0; ky < kH; ky++) {
    for (let kx = 0; kx < kW; kx++) {
      const s = src + ((kH - 1 - ky) * kW + (kW - 1 - kx)) * C * cout;
      const d = dst + (ky * kW + kx) * cout * C;
      for (let ci = 0; ci < C; ci++) for (let co = 0; co < cout; co++) h[d + co * C + ci] = h[s + ci * cout + co];
    }
  }
  return out;
}

/**
 * dx [batch, inH, inW, C] of a stride-1 conv from dy and W [kH, kW, C, Cout]: a forward conv of dy padded by
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
  if (g.strideH !== 1 || g.strideW !== 1) return null;
  const c: FmaConvCall = {
    batch,
    inH: g.outH,
    inW: g.outW,
    C: cout,
    outH: g.inH,
    outW: g.inW,
    cout: g.inC,
    kH: g.kH,
    kW: g.kW,
    dilH: g.dilH,
    dilW: g.dilW,
    padTop: (g.kH - 1) * g.dilH - g.padTop,
    padLeft: (g.kW - 1) * g.dilW - g.padLeft,
  };
  if (!fmaConvFits(c)) return null;
  const ex = fmaConvKernels(backend);
  if (ex == null) return null;
  const wT = flipTranspose(backend, w, g.kH, g.kW, g.inC, cout);
  const dx = runFmaConv(backend, ex, c, dy, wT, null, false);
  release(backend, wT);
  fmaConvCalls.inputGrad++;
  return dx;
}
