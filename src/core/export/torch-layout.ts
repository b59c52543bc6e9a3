/** Keras (channels-last) weight layouts → PyTorch layouts. All inputs row-major. */

/** Generic axis permutation of a row-major tensor: out.shape[i] = shape[perm[i]]. */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): { data: Float32Array; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i];
  }
  const out = new Float32Array(data.length);
  const idx = new Array<number>(rank).fill(0);
  const strideOut = perm.map((p) => inStrides[p]);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += idx[i] * strideOut[i];
    out[o] = data[src];
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < outShape[i]) break;
      idx[i] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/** Conv2D kernel [kh, kw, Cin, Cout] → torch [Cout, Cin, kh, kw] (also the 1×1 pointwise kernel). */
export function convKernelToTorch(data: Float32Array, shape: readonly number[]): { data: Float32Array; shape: number[] } {
  return permute(data, shape, [3, 2, 0, 1]);
}

/**
 * Depthwise kernel [kh, kw, Cin, dm] → torch grouped-conv weight [Cin*dm, 1, kh, kw]; output channel c*dm+m,
 * exactly TF's depthwise channel order.
 */
export function depthwiseKernelToTorch(data: Float32Array, shape: readonly number[]): { data: Float32Array; shape: number[] } {
  const [kh, kw, cin, dm] = shape;
  const p = permute(data, shape, [2, 3, 0, 1]); // [Cin, dm, kh, kw]
  return { data: p.data, shape: [cin * dm, 1, kh, kw] };
}

/** Dense kernel [in, out] → torch Linear weight [out, in]. */
export function denseKernelToTorch(data: Float32Array, shape: readonly number[]): { data: Float32Array; shape: number[] } {
  return permute(data, shape, [1, 0]);
}
