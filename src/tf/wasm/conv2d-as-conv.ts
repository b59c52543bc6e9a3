/**
 * Conv2D gradients expressed as forward convolutions, so XNNPACK's fast conv does the arithmetic
 * (about 10× faster than im2col + MatMul on tfjs-wasm 4.22, whose MatMul is slow for these shapes).
 *
 * input grad:  dx = conv(zero-upsample(dy, stride), flip(W)ᵀ, same dilation) with explicit padding (kEff−1−pad).
 * filter grad: dW = conv(xpadᵀ [cin, H, W, n], dyᵀ [oh, ow, n, cout], dilation = stride, stride = dilation)
 *              → [cin, kh, kw, cout].
 * Both return null when the padding cannot be expressed this way (then the caller uses im2col).
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGeom } from './im2col';
import { type BackendWasm, alias, allocF32, callWasmKernel, floatOffset, matMul2d, release, wholeHeapF32 } from './wasm-heap';

/** W [kh, kw, cin, cout] → W' [kh, kw, cout, cin] rotated by 180° (the input gradient's filter). */
export function flippedFilter(backend: BackendWasm, w: tf.TensorInfo, g: ConvGeom, cout: number): tf.TensorInfo {
  const out = allocF32(backend, [g.kH, g.kW, cout, g.inC]);
  const h = wholeHeapF32(backend);
  const src = floatOffset(backend, w);
  const dst = floatOffset(backend, out);
  const cin = g.inC;
  for (let ky = 0; ky < g.kH; ky++) {
    for (let kx = 0; kx < g.kW; kx++) {
      const s = src + ((g.kH - 1 - ky) * g.kW + (g.kW - 1 - kx)) * cin * cout;
      const d = dst + (ky * g.kW + kx) * cout * cin;
      for (let ci = 0; ci < cin; ci++) for (let co = 0; co < cout; co++) h[d + co * cin + ci] = h[s + ci * cout + co];
    }
  }
  return out;
}

/** dy [n, oh, ow, c] → [n, (oh−1)s+1, (ow−1)s+1, c] with dy at multiples of the stride, zeros elsewhere. */
export function zeroUpsample(backend: BackendWasm, dy: tf.TensorInfo, n: number, g: ConvGeom, c: number): tf.TensorInfo {
  const uh = (g.outH - 1) * g.strideH + 1;
  const uw = (g.outW - 1) * g.strideW + 1;
  const out = allocF32(backend, [n, uh, uw, c]);
  const h = wholeHeapF32(backend);
  const dst = floatOffset(backend, out);
  h.fill(0, dst, dst + n * uh * uw * c);
  let s = floatOffset(backend, dy);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++, s += c) {
        const d = dst + ((b * uh + oy * g.strideH) * uw + ox * g.strideW) * c;
        h.copyWithin(d, s, s + c);
      }
    }
  }
  return out;
}

export function conv2dBackpropInputByConv(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  w: tf.TensorInfo,
  g: ConvGeom,
  batch: number,
): tf.TensorInfo | null {
  const cout = w.shape[3];
  const uh = (g.outH - 1) * g.strideH + 1;
  const uw = (g.outW - 1) * g.strideW + 1;
  const effH = (g.kH - 1) * g.dilH + 1;
  const effW = (g.kW - 1) * g.dilW + 1;
  const top = effH - 1 - g.padTop;
  const left = effW - 1 - g.padLeft;
  const bottom = g.inH - uh - top + effH - 1;
  const right = g.inW - uw - left + effW - 1;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return null;
  const strided = g.strideH !== 1 || g.strideW !== 1;
  const up = strided ? zeroUpsample(backend, dy, batch, g, cout) : dy;
  const wf = flippedFilter(backend, w, g, cout);
  const dx = callWasmKernel(
    backend,
    'Conv2D',
    { x: up, filter: wf },
    {
      strides: 1,
      dilations: [g.dilH, g.dilW],
      dataFormat: 'NHWC',
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
    },
  );
  release(backend, wf);
  if (up !== dy) release(backend, up);
  return dx;
}

/** x [n, H, W, cin] → xpadᵀ [cin, ph, pw, n] covering exactly the rows/cols the conv reads. */
function paddedTransposedInput(backend: BackendWasm, x: tf.TensorInfo, n: number, g: ConvGeom, ph: number, pw: number): tf.TensorInfo {
  const cin = g.inC;
  const out = allocF32(backend, [cin, ph, pw, n]);
  const h = wholeHeapF32(backend);
  const src = floatOffset(backend, x);
  const dst = floatOffset(backend, out);
  h.fill(0, dst, dst + cin * ph * pw * n);
  const plane = ph * pw * n;
  for (let b = 0; b < n; b++) {
    for (let py = 0; py < ph; py++) {
      const iy = py - g.padTop;
      if (iy < 0 || iy >= g.inH) continue;
      for (let px = 0; px < pw; px++) {
        const ix = px - g.padLeft;
        if (ix < 0 || ix >= g.inW) continue;
        const s = src + ((b * g.inH + iy) * g.inW + ix) * cin;
        const d = dst + (py * pw + px) * n + b;
        for (let c = 0; c < cin; c++) h[d + c * plane] = h[s + c];
      }
    }
  }
  return out;
}

/**
 * 1×1 stride-1 unpadded conv: dW = xᵀ·dy as one MatMul, transposing one operand first. MatMul packs its right
 * operand on every call, which costs more per element than tfjs-wasm's Transpose (measured with fresh tensors:
 * [50176, 8]ᵀ·[50176, 32] 10.6 ms vs dyᵀ·x 7.1 ms with the transpose), so the smaller of x and dy is the right
 * operand: dW = xᵀ·dy when cout ≤ cin, else dWᵀ = dyᵀ·x and a tiny transpose.
 */
function pointwiseFilterGrad(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeom, batch: number, cout: number): tf.TensorInfo {
  const m = batch * g.inH * g.inW;
  if (cout <= g.inC) {
    const xT = callWasmKernel(backend, 'Transpose', { x: alias(x, [m, g.inC]) }, { perm: [1, 0] });
    const dw = matMul2d(backend, xT, [g.inC, m], dy, [m, cout], false, false);
    release(backend, xT);
    return alias(dw, [1, 1, g.inC, cout]);
  }
  const dyT = callWasmKernel(backend, 'Transpose', { x: alias(dy, [m, cout]) }, { perm: [1, 0] });
  const dwT = matMul2d(backend, dyT, [cout, m], x, [m, g.inC], false, false);
  release(backend, dyT);
  const dw = callWasmKernel(backend, 'Transpose', { x: dwT }, { perm: [1, 0] });
  release(backend, dwT);
  return alias(dw, [1, 1, g.inC, cout]);
}

export function conv2dBackpropFilterByConv(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeom,
  batch: number,
  cout: number,
): tf.TensorInfo | null {
  const dilated = g.dilH !== 1 || g.dilW !== 1;
  // The conv below runs at strides = dilation and dilations = stride; XNNPACK-wasm takes only one of them > 1.
  if (dilated && (g.strideH !== 1 || g.strideW !== 1)) return null;
  const pointwise = g.kH === 1 && g.kW === 1 && g.strideH === 1 && g.strideW === 1 && g.padTop === 0 && g.padLeft === 0;
  if (pointwise && g.outH === g.inH && g.outW === g.inW) return pointwiseFilterGrad(backend, x, dy, g, batch, cout);
  const ph = (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilH + 1;
  const pw = (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilW + 1;
  const xT = paddedTransposedInput(backend, x, batch, g, ph, pw);
  const dyT = callWasmKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const r = callWasmKernel(
    backend,
    'Conv2D',
    { x: xT, filter: dyT },
    {
      strides: [g.dilH, g.dilW],
      dilations: [g.strideH, g.strideW],
      dataFormat: 'NHWC',
      pad: 'valid',
    },
  );
  release(backend, xT);
  release(backend, dyT);
  const dw = callWasmKernel(backend, 'Transpose', { x: r }, { perm: [1, 2, 0, 3] });
  release(backend, r);
  return dw;
}
