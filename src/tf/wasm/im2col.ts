/**
 * im2col / col2im for NHWC convolutions, working on flat Float32Arrays (usually the wasm heap).
 *
 * Column layout: one row per output pixel (n, oy, ox), K = kh·kw·cin columns ordered (ky, kx, c) — the same
 * order as a [kh, kw, cin, cout] filter reshaped to [K, cout], so conv = cols · W and its gradients are matmuls.
 */
export interface ConvGeom {
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilH: number;
  dilW: number;
  padTop: number;
  padLeft: number;
}

/**
 * Writes the patches of images [n0, n0 + nb) of `src` (NHWC, starting at float index srcOff) into
 * `dst` from float index dstOff, zero-filling padding. `src` and `dst` may be the same array.
 */
export function im2col(src: Float32Array, srcOff: number, dst: Float32Array, dstOff: number, g: ConvGeom, n0: number, nb: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft } = g;
  const rowLen = kH * kW * inC;
  const imgSize = inH * inW * inC;
  const sameBuffer = src === dst;
  let d = dstOff;
  for (let n = n0; n < n0 + nb; n++) {
    const imgOff = srcOff + n * imgSize;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * strideH + ky * dilH - padTop;
          if (iy < 0 || iy >= inH) {
            dst.fill(0, d, d + kW * inC);
            d += kW * inC;
            continue;
          }
          const rowOff = imgOff + iy * inW * inC;
          for (let kx = 0; kx < kW; kx++) {
            const ix = ox * strideW + kx * dilW - padLeft;
            if (ix < 0 || ix >= inW) {
              dst.fill(0, d, d + inC);
            } else {
              const s = rowOff + ix * inC;
              if (inC >= 16) {
                if (sameBuffer) dst.copyWithin(d, s, s + inC);
                else dst.set(src.subarray(s, s + inC), d);
              } else {
                for (let c = 0; c < inC; c++) dst[d + c] = src[s + c];
              }
            }
            d += inC;
          }
        }
      }
    }
  }
  if (d - dstOff !== nb * outH * outW * rowLen) throw new Error('im2col: internal size mismatch');
}

/**
 * Adds the columns of images [n0, n0 + nb) (layout as produced by {@link im2col}) back onto the image
 * `dst` (NHWC, float index dstOff). `dst` must be zeroed by the caller beforehand.
 */
export function col2imAdd(src: Float32Array, srcOff: number, dst: Float32Array, dstOff: number, g: ConvGeom, n0: number, nb: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft } = g;
  const imgSize = inH * inW * inC;
  let s = srcOff;
  for (let n = n0; n < n0 + nb; n++) {
    const imgOff = dstOff + n * imgSize;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kH; ky++) {
          const iy = oy * strideH + ky * dilH - padTop;
          if (iy < 0 || iy >= inH) {
            s += kW * inC;
            continue;
          }
          const rowOff = imgOff + iy * inW * inC;
          for (let kx = 0; kx < kW; kx++) {
            const ix = ox * strideW + kx * dilW - padLeft;
            if (ix >= 0 && ix < inW) {
              const t = rowOff + ix * inC;
              for (let c = 0; c < inC; c++) dst[t + c] += src[s + c];
            }
            s += inC;
          }
        }
      }
    }
  }
}
