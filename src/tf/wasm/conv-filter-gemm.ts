/**
 * Conv2D filter gradient as chunked GEMMs on XNNPACK's MatMul, for any stride, padding and dilation (NHWC):
 *
 *   dW[K, cout] = Σ_chunks colsᵀ[K, rows] · dy[rows, cout],   K = kh·kw·cin in (ky, kx, c) order,
 *
 * where colsᵀ is the im2col matrix of a chunk of images written directly in transposed (K-major) layout: row
 * (ky, kx, c) holds, for every output pixel of the chunk, the input value that tap reads (0 in the padding).
 * It is built from a planar [nb, cin, H, W] copy of the chunk, so every row is a run of contiguous copies.
 *
 * Why: the conv-based filter gradient (conv2d-as-conv.ts) turns dy into a kh'×kw' = outH×outW "filter"; with big
 * output maps (28×28 → 784 taps of cout channels) XNNPACK's indirect GEMM spends its time on short inner loops and
 * the transposes around it. Measured on the reference net's dilated 3×3 conv (64×28×28×32 → 64): about 2× faster.
 * Chunks of a few images keep MatMul's packed right operand (the dy chunk) in cache.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGeom } from './im2col';
import { type BackendWasm, allocF32, copyRange, floatOffset, matMul2d, release, wholeHeapF32 } from './wasm-heap';

let planar = new Float32Array(0);

/** Rows of output pixels per GEMM: about 8 images of 28×28 (also bounds the colsᵀ buffer to K·rows floats). */
const TARGET_ROWS = 6272;

/** Images per chunk for a conv with `rowsPerImage` output pixels. */
export function gemmChunk(batch: number, rowsPerImage: number, targetRows = TARGET_ROWS): number {
  return Math.max(1, Math.min(batch, Math.round(targetRows / Math.max(1, rowsPerImage))));
}

/** x images [n0, n0+nb) (NHWC at heap float index xOff) → planar [nb, C, H, W] in `out`. */
function toPlanar(h: Float32Array, xOff: number, g: ConvGeom, n0: number, nb: number, out: Float32Array): void {
  const { inH, inW, inC } = g;
  const hw = inH * inW;
  for (let n = 0; n < nb; n++) {
    const src = xOff + (n0 + n) * hw * inC;
    const dst = n * inC * hw;
    for (let p = 0; p < hw; p++) {
      const s = src + p * inC;
      for (let c = 0; c < inC; c++) out[dst + c * hw + p] = h[s + c];
    }
  }
}

/**
 * Writes colsᵀ [K, nb·outH·outW] at heap float index `dst` from the planar chunk. Row (ky, kx, c), column
 * (n, oy, ox) = x[n, oy·sH + ky·dH − padTop, ox·sW + kx·dW − padLeft, c], 0 outside the image.
 */
function colsTransposed(h: Float32Array, dst: number, pl: Float32Array, g: ConvGeom, nb: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft } = g;
  const hw = inH * inW;
  let d = dst;
  for (let ky = 0; ky < kH; ky++) {
    for (let kx = 0; kx < kW; kx++) {
      const shift = kx * dilW - padLeft;
      // Output columns whose input column ox·sW + shift lies inside the image.
      const ox0 = Math.min(outW, Math.max(0, Math.ceil(-shift / strideW)));
      const ox1 = Math.max(ox0, Math.min(outW, Math.floor((inW - 1 - shift) / strideW) + 1));
      for (let c = 0; c < inC; c++) {
        for (let n = 0; n < nb; n++) {
          const plane = (n * inC + c) * hw;
          for (let oy = 0; oy < outH; oy++, d += outW) {
            const iy = oy * strideH + ky * dilH - padTop;
            if (iy < 0 || iy >= inH) {
              h.fill(0, d, d + outW);
              continue;
            }
            for (let ox = 0; ox < ox0; ox++) h[d + ox] = 0;
            const row = plane + iy * inW + shift;
            if (strideW === 1) {
              for (let ox = ox0; ox < ox1; ox++) h[d + ox] = pl[row + ox];
            } else {
              for (let ox = ox0; ox < ox1; ox++) h[d + ox] = pl[row + ox * strideW];
            }
            for (let ox = ox1; ox < outW; ox++) h[d + ox] = 0;
          }
        }
      }
    }
  }
}

/**
 * Stride 1 (every dilated conv): each image's row of colsᵀ is computed over "wide" output rows of the padded
 * width Wp = outW + (kw−1)·dW instead of outW, so the row (ky, kx, c) of one image is ONE contiguous slice of the
 * padded planar image, starting at ky·dH·Wp + kx·dW (a memmove, not a gather). The extra Wp − outW columns read
 * neighbouring pixels, and dy gets zeros there, so they add nothing (≈ Wp/outW more multiply-adds: 32/28 on a
 * 28×28 'same' 3×3 dilation-2 conv).
 */
function filterGradWideRows(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeom, batch: number, cout: number): tf.TensorInfo {
  const { inH, inW, inC, outH, outW, kH, kW, dilH, dilW, padTop, padLeft } = g;
  const K = kH * kW * inC;
  const Wp = outW + (kW - 1) * dilW;
  // One zero row more than the taps reach: the last wide row of the lowest tap runs (kw−1)·dW floats past it.
  const Hp = outH + (kH - 1) * dilH + 1;
  const plane = Hp * Wp;
  const wideRows = outH * Wp;
  const chunk = gemmChunk(batch, wideRows);
  const planarT = allocF32(backend, [chunk * inC * plane]);
  const colsT = allocF32(backend, [K, chunk * wideRows]);
  const out = allocF32(backend, [kH, kW, inC, cout]);
  const acc = new Float64Array(K * cout);
  for (let n0 = 0; n0 < batch; n0 += chunk) {
    const nb = Math.min(chunk, batch - n0);
    const rows = nb * wideRows;
    let h = wholeHeapF32(backend);
    const pOff = floatOffset(backend, planarT);
    const xOff = floatOffset(backend, x);
    h.fill(0, pOff, pOff + nb * inC * plane);
    for (let n = 0; n < nb; n++) {
      for (let iy = 0; iy < inH; iy++) {
        const py = iy + padTop;
        if (py < 0 || py >= Hp) continue;
        for (let ix = 0; ix < inW; ix++) {
          const px = ix + padLeft;
          if (px < 0 || px >= Wp) continue;
          const s = xOff + (((n0 + n) * inH + iy) * inW + ix) * inC;
          const d = pOff + n * inC * plane + py * Wp + px;
          for (let c = 0; c < inC; c++) h[d + c * plane] = h[s + c];
        }
      }
    }
    let d = floatOffset(backend, colsT);
    for (let ky = 0; ky < kH; ky++) {
      for (let kx = 0; kx < kW; kx++) {
        const shift = ky * dilH * Wp + kx * dilW;
        for (let c = 0; c < inC; c++) {
          for (let n = 0; n < nb; n++, d += wideRows) {
            const s = pOff + (n * inC + c) * plane + shift;
            h.copyWithin(d, s, s + wideRows);
          }
        }
      }
    }
    // A fresh tensor per chunk: tfjs-wasm caches MatMul's packed right operand by tensor id.
    const dyWide = allocF32(backend, [rows, cout]);
    h = wholeHeapF32(backend);
    const dyOff = floatOffset(backend, dy);
    const wOff = floatOffset(backend, dyWide);
    const run = outW * cout;
    for (let r = 0; r < nb * outH; r++) {
      const s = dyOff + (n0 * outH + r) * run;
      const t = wOff + r * Wp * cout;
      h.copyWithin(t, s, s + run);
      h.fill(0, t + run, t + Wp * cout);
    }
    const part = matMul2d(backend, { ...colsT, shape: [K, rows] }, [K, rows], dyWide, [rows, cout], false, false);
    release(backend, dyWide);
    h = wholeHeapF32(backend);
    const p = floatOffset(backend, part);
    for (let i = 0; i < K * cout; i++) acc[i] += h[p + i];
    release(backend, part);
  }
  release(backend, planarT);
  release(backend, colsT);
  wholeHeapF32(backend).set(acc, floatOffset(backend, out));
  return out;
}

/** dW [kh, kw, cin, cout] of a conv with geometry `g` (any stride/padding/dilation) from x and dy (NHWC). */
export function conv2dFilterGradByGemm(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeom,
  batch: number,
  cout: number,
): tf.TensorInfo {
  if (g.strideH === 1 && g.strideW === 1) return filterGradWideRows(backend, x, dy, g, batch, cout);
  const K = g.kH * g.kW * g.inC;
  const rowsPerImage = g.outH * g.outW;
  const chunk = gemmChunk(batch, rowsPerImage);
  const planarSize = chunk * g.inC * g.inH * g.inW;
  if (planar.length < planarSize) planar = new Float32Array(planarSize);
  const colsT = allocF32(backend, [K, chunk * rowsPerImage]);
  const out = allocF32(backend, [g.kH, g.kW, g.inC, cout]);
  const acc = new Float64Array(K * cout);
  for (let n0 = 0; n0 < batch; n0 += chunk) {
    const nb = Math.min(chunk, batch - n0);
    const rows = nb * rowsPerImage;
    let h = wholeHeapF32(backend);
    toPlanar(h, floatOffset(backend, x), g, n0, nb, planar);
    colsTransposed(h, floatOffset(backend, colsT), planar, g, nb);
    const dyPart = nb === batch ? dy : copyRange(backend, dy, n0 * rowsPerImage * cout, [rows, cout]);
    const part = matMul2d(backend, { ...colsT, shape: [K, rows] }, [K, rows], dyPart, [rows, cout], false, false);
    if (dyPart !== dy) release(backend, dyPart);
    h = wholeHeapF32(backend);
    const p = floatOffset(backend, part);
    for (let i = 0; i < K * cout; i++) acc[i] += h[p + i];
    release(backend, part);
  }
  release(backend, colsT);
  wholeHeapF32(backend).set(acc, floatOffset(backend, out));
  return out;
}
