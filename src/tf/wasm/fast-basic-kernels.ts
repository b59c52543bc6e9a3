/**
 * JS fast paths for wasm kernels that dominate training time on small conv nets with batch norm:
 * - Sum / Mean over all leading axes of a channels-last tensor (bias and batch-norm reductions; the stock
 *   kernel transposes the whole tensor first),
 * - Tile (batch-norm gradients tile a [1,1,1,C] vector to the full activation size),
 * - MaxPoolGrad (recomputes each window's arg-max and scatters dy; first maximum wins, like TF; 2×2 / stride 2 on
 *   wasm SIMD where the engine has it, simd/maxpool-grad.ts),
 * - Identity (the engine clones every tensor it saves for the backward pass; the stock wasm kernel copies the data,
 *   the cpu and webgl ones share it: so does this, as tensors are immutable).
 * Any other case is delegated to the original wasm kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { maxPoolGrad2x2Simd } from './simd/maxpool-grad';
import { type BackendWasm, allocF32, floatOffset, wholeHeapF32 } from './wasm-heap';

type Args = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs: tf.NamedAttrMap };
export type WasmKernelFunc = (args: Args) => tf.TensorInfo;

/** Axes reduced, normalised and sorted, or null when they are not exactly [0 .. rank−2]. */
function leadingAxes(shape: number[], axis: unknown): boolean {
  if (shape.length < 2) return false;
  const axes = tf.util.parseAxisParam(axis as number | number[], shape).sort((a, b) => a - b);
  return axes.length === shape.length - 1 && axes.every((a, i) => a === i);
}

function reduceLeading(backend: BackendWasm, x: tf.TensorInfo, keepDims: boolean, mean: boolean): tf.TensorInfo {
  const C = x.shape[x.shape.length - 1];
  const rows = tf.util.sizeFromShape(x.shape) / C;
  const acc = new Float64Array(C);
  const out = allocF32(backend, keepDims ? [...x.shape.slice(0, -1).map(() => 1), C] : [C]);
  const h = wholeHeapF32(backend);
  let p = floatOffset(backend, x);
  let r = 0;
  // Four rows per pass: one accumulator update per four loads.
  for (; r + 4 <= rows; r += 4, p += 4 * C) {
    for (let c = 0; c < C; c++) acc[c] += h[p + c] + h[p + C + c] + h[p + 2 * C + c] + h[p + 3 * C + c];
  }
  for (; r < rows; r++, p += C) for (let c = 0; c < C; c++) acc[c] += h[p + c];
  const o = floatOffset(backend, out);
  const scale = mean ? 1 / rows : 1;
  for (let c = 0; c < C; c++) h[o + c] = acc[c] * scale;
  return out;
}

export function makeReduce(original: WasmKernelFunc, mean: boolean): WasmKernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) === 0 || !leadingAxes(x.shape, args.attrs.axis)) return original(args);
    return reduceLeading(args.backend, x, Boolean(args.attrs.keepDims), mean);
  };
}

export function makeTile(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const reps = args.attrs.reps as number[];
    if (x.dtype !== 'float32' || reps.length !== x.shape.length || tf.util.sizeFromShape(x.shape) === 0) return original(args);
    const { backend } = args;
    let shape = [...x.shape];
    let cur = wholeHeapF32(backend).slice(floatOffset(backend, x), floatOffset(backend, x) + tf.util.sizeFromShape(shape));
    for (let d = shape.length - 1; d >= 0; d--) {
      const r = reps[d];
      if (r === 1) continue;
      const chunk = tf.util.sizeFromShape(shape.slice(d));
      const outer = cur.length / chunk;
      const next = new Float32Array(cur.length * r);
      for (let o = 0; o < outer; o++) {
        const src = cur.subarray(o * chunk, (o + 1) * chunk);
        const base = o * chunk * r;
        next.set(src, base);
        let filled = chunk;
        while (filled < chunk * r) {
          const n = Math.min(filled, chunk * r - filled);
          next.copyWithin(base + filled, base, base + n);
          filled += n;
        }
      }
      shape = shape.map((s, i) => (i === d ? s * r : s));
      cur = next;
    }
    const out = allocF32(backend, shape);
    wholeHeapF32(backend).set(cur, floatOffset(backend, out));
    return out;
  };
}

/**
 * The common 2×2 / stride 2 pool without padding: windows do not overlap, so dx is zero-filled (a native memset)
 * and each window stores dy once, at its first maximum (JS stores cost far more than the fill).
 */
function maxPoolGrad2x2(
  h: Float32Array,
  xo: number,
  dxo: number,
  dyo: number,
  N: number,
  H: number,
  W: number,
  C: number,
  OH: number,
  OW: number,
): void {
  const row = W * C;
  let d = dyo;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, d += C) {
        const p00 = ((n * H + 2 * oy) * W + 2 * ox) * C;
        const p01 = p00 + C;
        const p10 = p00 + row;
        const p11 = p10 + C;
        for (let c = 0; c < C; c++) {
          const a = h[xo + p00 + c];
          const b = h[xo + p01 + c];
          const e = h[xo + p10 + c];
          const f = h[xo + p11 + c];
          const g = h[d + c];
          // First maximum in row-major order wins (as TF and the general loop below).
          let at = p00;
          let m = a;
          if (b > m) {
            m = b;
            at = p01;
          }
          if (e > m) {
            m = e;
            at = p10;
          }
          if (f > m) at = p11;
          h[dxo + at + c] = g;
        }
      }
    }
  }
}

export function makeMaxPoolGrad(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { backend, attrs } = args;
    const dy = args.inputs.dy as tf.TensorInfo;
    const x = args.inputs.input as tf.TensorInfo;
    if (x.shape.length !== 4 || x.dtype !== 'float32') return original(args);
    const info = tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterSize as [number, number] | number,
      attrs.strides as [number, number] | number,
      1,
      attrs.pad as 'same' | 'valid' | number,
      attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    );
    const [N, H, W, C] = x.shape;
    const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const pt = info.padInfo.top;
    const pl = info.padInfo.left;
    const dx = allocF32(backend, x.shape);
    const h = wholeHeapF32(backend);
    const xo = floatOffset(backend, x);
    const dxo = floatOffset(backend, dx);
    if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && pt === 0 && pl === 0 && 2 * OH <= H && 2 * OW <= W) {
      if (maxPoolGrad2x2Simd(backend, x, dy, dx, OH, OW)) return dx;
      h.fill(0, dxo, dxo + N * H * W * C);
      maxPoolGrad2x2(h, xo, dxo, floatOffset(backend, dy), N, H, W, C, OH, OW);
      return dx;
    }
    h.fill(0, dxo, dxo + N * H * W * C);
    const best = new Float32Array(C);
    const where = new Int32Array(C);
    let d = floatOffset(backend, dy);
    for (let n = 0; n < N; n++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++, d += C) {
          best.fill(-Infinity);
          where.fill(-1);
          for (let ky = 0; ky < fh; ky++) {
            const iy = oy * sh + ky - pt;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < fw; kx++) {
              const ix = ox * sw + kx - pl;
              if (ix < 0 || ix >= W) continue;
              const p = ((n * H + iy) * W + ix) * C;
              for (let c = 0; c < C; c++) {
                const v = h[xo + p + c];
                if (v > best[c] || where[c] < 0) {
                  best[c] = v;
                  where[c] = p + c;
                }
              }
            }
          }
          for (let c = 0; c < C; c++) if (where[c] >= 0) h[dxo + where[c]] += h[d + c];
        }
      }
    }
    return dx;
  };
}

/** Identity that shares the input's data (reference counted) instead of copying it. */
export function makeIdentity(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
