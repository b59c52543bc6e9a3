/**
 * PyTorch / ONNX weight layouts → the app's Keras layouts (channels-last). Pure index arithmetic on row-major arrays.
 */

export interface ImportedWeight {
  /** tfjs / Keras variable name: `${layer}/kernel`, `${layer}/bias`, `${layer}/gamma`, … */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Conv weight [O, I, kh, kw] → Keras Conv2D kernel [kh, kw, I, O] (also depthwise [C·m, 1, kh, kw] → [kh, kw, C, m]). */
export function convKernel(w: ArrayLike<number>, [o, i, kh, kw]: readonly number[]): Float32Array {
  const out = new Float32Array(o * i * kh * kw);
  for (let oc = 0; oc < o; oc++)
    for (let ic = 0; ic < i; ic++)
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[((y * kw + x) * i + ic) * o + oc] = w[((oc * i + ic) * kh + y) * kw + x];
  return out;
}

/** Feature order of a vector flattened from an NCHW map of c × h × w (PyTorch's order); Keras flattens h, w, c. */
export interface ChwOrder {
  c: number;
  h: number;
  w: number;
}

/** Index of the PyTorch (c, h, w)-ordered feature that sits at each Keras (h, w, c) position. */
export function chwSourceIndex(order: ChwOrder | undefined, n: number): (k: number) => number {
  if (!order) return (k) => k;
  const { c, h, w } = order;
  if (c * h * w !== n) throw new Error(`feature order ${c}×${h}×${w} does not match ${n} features`);
  return (k) => {
    const ch = k % c;
    const pos = (k - ch) / c; // y * w + x
    return ch * h * w + pos;
  };
}

/** Per-feature values (bias-like) in Keras feature order. */
export function permuteFeatures(v: ArrayLike<number>, order: ChwOrder | undefined): Float32Array {
  const src = chwSourceIndex(order, v.length);
  return Float32Array.from({ length: v.length }, (_, k) => v[src(k)]);
}

/**
 * Gemm / MatMul weight → Keras Dense kernel [in, out]. `transposed` when the weight is stored [out, in]
 * (PyTorch Linear, Gemm transB=1); rows follow Keras feature order when the input was flattened NCHW.
 */
export function denseKernel(
  w: ArrayLike<number>,
  rows: number,
  cols: number,
  transposed: boolean,
  order: ChwOrder | undefined,
  scale = 1,
): Float32Array {
  const [nin, nout] = transposed ? [cols, rows] : [rows, cols];
  const src = chwSourceIndex(order, nin);
  const out = new Float32Array(nin * nout);
  for (let k = 0; k < nin; k++) {
    const s = src(k);
    for (let o = 0; o < nout; o++) out[k * nout + o] = scale * (transposed ? w[o * nin + s] : w[s * nout + o]);
  }
  return out;
}

/** The weights as the WeightsBlob tfjs' model.save writes (specs + one little-endian float32 buffer). */
export function weightsBlob(weights: readonly ImportedWeight[]): {
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[];
  weightData: ArrayBuffer;
} {
  const total = weights.reduce((a, w) => a + w.values.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const w of weights) {
    data.set(w.values, at);
    at += w.values.length;
  }
  return { weightSpecs: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const })), weightData: data.buffer };
}
