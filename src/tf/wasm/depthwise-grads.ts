/**
 * DepthwiseConv2dNativeBackpropFilter / BackpropInput for the wasm backend: tight loops over NHWC
 * Float32Arrays on the wasm heap (each output element costs only kh·kw·multiplier multiply-adds).
 * Supports any stride, padding, dilation and channel multiplier. The stride-1, multiplier-1 filter gradient runs on
 * wasm SIMD where the engine has it (simd/depthwise-filter-grad.ts); the loops here stay as its fallback.
 */
import * as tf from '@tensorflow/tfjs';
import { pairOf } from '../gradients/conv-geometry';
import { conv2dBackpropFilterWasm, geomOf } from './conv2d-grads';
import type { ConvGeom } from './im2col';
import { zeroUpsample } from './conv2d-as-conv';
import { depthwiseFilterGradSimd } from './simd/depthwise-filter-grad';
import { type BackendWasm, type Shape4, allocF32, callWasmKernel, convGeometry, floatOffset, wholeHeapF32 } from './wasm-heap';

type KernelArgs<I, A> = { inputs: I; backend: BackendWasm; attrs: A };

/**
 * Multiplier-1 input grad as one XNNPACK depthwise conv: dx = dwconv(zero-upsampled dy, filter rotated 180°,
 * same dilation, padding kEff−1−pad). Null when the padding can't be expressed that way.
 */
function depthwiseInputGradByConv(backend: BackendWasm, dy: tf.TensorInfo, w: tf.TensorInfo, g: ConvGeom, batch: number): tf.TensorInfo | null {
  const C = g.inC;
  const effH = (g.kH - 1) * g.dilH + 1;
  const effW = (g.kW - 1) * g.dilW + 1;
  const uh = (g.outH - 1) * g.strideH + 1;
  const uw = (g.outW - 1) * g.strideW + 1;
  const top = effH - 1 - g.padTop;
  const left = effW - 1 - g.padLeft;
  const bottom = g.inH - uh - top + effH - 1;
  const right = g.inW - uw - left + effW - 1;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return null;
  const up = g.strideH !== 1 || g.strideW !== 1 ? zeroUpsample(backend, dy, batch, g, C) : dy;
  const rot = allocF32(backend, [g.kH, g.kW, C, 1]);
  const h = wholeHeapF32(backend);
  const src = floatOffset(backend, w);
  const dst = floatOffset(backend, rot);
  const taps = g.kH * g.kW;
  for (let t = 0; t < taps; t++) h.copyWithin(dst + t * C, src + (taps - 1 - t) * C, src + (taps - t) * C);
  const dx = callWasmKernel(
    backend,
    'DepthwiseConv2dNative',
    { x: up, filter: rot },
    {
      strides: 1,
      dilations: [g.dilH, g.dilW],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
    },
  );
  backend.disposeData(rot.dataId);
  if (up !== dy) backend.disposeData(up.dataId);
  return dx;
}

/**
 * Visits every (output position, kernel tap) pair whose input pixel lies inside the image: `d` is the heap index of
 * dy at the output position (CM values), `p` the heap index of the input pixel (C values) in the tensor starting at
 * `imgOff`, `tap` the kernel tap (ky·kW + kx). Any stride, padding and dilation.
 */
function forEachTap(g: ConvGeom, batch: number, CM: number, dyOff: number, imgOff: number, visit: (d: number, p: number, tap: number) => void): void {
  let d = dyOff;
  for (let n = 0; n < batch; n++) {
    const img = imgOff + n * g.inH * g.inW * g.inC;
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++, d += CM) {
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = oy * g.strideH + ky * g.dilH - g.padTop;
          if (iy < 0 || iy >= g.inH) continue;
          for (let kx = 0; kx < g.kW; kx++) {
            const ix = ox * g.strideW + kx * g.dilW - g.padLeft;
            if (ix < 0 || ix >= g.inW) continue;
            visit(d, img + (iy * g.inW + ix) * g.inC, ky * g.kW + kx);
          }
        }
      }
    }
  }
}

/** Output columns [ox0, ox1) whose input column ox + kx·dil − padLeft lies inside the image. */
function validCols(g: ConvGeom, kx: number): [number, number] {
  const shift = kx * g.dilW - g.padLeft;
  return [Math.max(0, -shift), Math.min(g.outW, g.inW - shift)];
}

/**
 * Stride-1, multiplier-1 filter grad with long contiguous inner loops: for each output row (n, oy) and each tap
 * (ky, kx), the whole dy row (ox × C values) multiplies the matching shifted input row, accumulated per tap and
 * position in `rows` (kh·kw rows of outW·C floats), which is summed over positions at the end. Looping over taps
 * inside the output row keeps that dy row and the few input rows it meets in L1 cache (a tap-outer order streamed
 * dy and x from memory once per tap: 3× slower on 64×14×14×64).
 */
function filterGradStride1(h: Float32Array, xOff: number, dyOff: number, batch: number, g: ConvGeom, acc: Float64Array): void {
  const C = g.inC;
  const rowLen = g.outW * C;
  const taps = g.kH * g.kW;
  const rows = new Float64Array(taps * rowLen);
  const cols = Array.from({ length: g.kW }, (_, kx) => validCols(g, kx));
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const ds0 = dyOff + (n * g.outH + oy) * rowLen;
      for (let ky = 0; ky < g.kH; ky++) {
        const iy = oy + ky * g.dilH - g.padTop;
        if (iy < 0 || iy >= g.inH) continue;
        const xRow = xOff + (n * g.inH + iy) * g.inW * C;
        const rk = ky * g.kW * rowLen;
        let lo = 0;
        let hi = 0;
        if (g.kW === 3) {
          // The three taps of a kernel row share each dy value: one pass over the columns all three reach.
          lo = Math.max(cols[0][0], cols[1][0], cols[2][0]);
          hi = Math.max(lo, Math.min(cols[0][1], cols[1][1], cols[2][1]));
          const d0 = ds0 + lo * C;
          const x0 = xRow + (lo - g.padLeft) * C;
          const x1 = x0 + g.dilW * C;
          const x2 = x1 + g.dilW * C;
          const r0 = rk + lo * C;
          const r1 = r0 + rowLen;
          const r2 = r1 + rowLen;
          const len = (hi - lo) * C;
          for (let i = 0; i < len; i++) {
            const d = h[d0 + i];
            rows[r0 + i] += h[x0 + i] * d;
            rows[r1 + i] += h[x1 + i] * d;
            rows[r2 + i] += h[x2 + i] * d;
          }
        }
        for (let kx = 0; kx < g.kW; kx++) {
          const [c0, c1] = cols[kx];
          // Columns [c0, c1) minus the fused part [lo, hi): at most two runs.
          for (const [ox0, ox1] of [
            [c0, Math.min(c1, lo)],
            [Math.max(c0, hi), c1],
          ]) {
            if (ox1 <= ox0) continue;
            const r = rk + kx * rowLen + ox0 * C;
            const xs = xRow + (ox0 + kx * g.dilW - g.padLeft) * C;
            const ds = ds0 + ox0 * C;
            const len = (ox1 - ox0) * C;
            for (let i = 0; i < len; i++) rows[r + i] += h[xs + i] * h[ds + i];
          }
        }
      }
    }
  }
  for (let t = 0; t < taps; t++) {
    const a = t * C;
    for (let p = 0; p < g.outW; p++) {
      const r = t * rowLen + p * C;
      for (let c = 0; c < C; c++) acc[a + c] += rows[r + c];
    }
  }
}

/** Stride-1, multiplier-1 input grad: dx row += dy row · (filter tap tiled along the row). */
function inputGradStride1(h: Float32Array, dyOff: number, wOff: number, dxOff: number, batch: number, g: ConvGeom): void {
  const C = g.inC;
  const tiled = new Float32Array(g.outW * C);
  for (let ky = 0; ky < g.kH; ky++) {
    for (let kx = 0; kx < g.kW; kx++) {
      const [ox0, ox1] = validCols(g, kx);
      if (ox1 <= ox0) continue;
      const w = wOff + (ky * g.kW + kx) * C;
      for (let p = 0; p < g.outW; p++) for (let c = 0; c < C; c++) tiled[p * C + c] = h[w + c];
      const len = (ox1 - ox0) * C;
      for (let n = 0; n < batch; n++) {
        for (let oy = 0; oy < g.outH; oy++) {
          const iy = oy + ky * g.dilH - g.padTop;
          if (iy < 0 || iy >= g.inH) continue;
          const xs = dxOff + ((n * g.inH + iy) * g.inW + ox0 + kx * g.dilW - g.padLeft) * C;
          const ds = dyOff + ((n * g.outH + oy) * g.outW + ox0) * C;
          for (let i = 0; i < len; i++) h[xs + i] += h[ds + i] * tiled[i];
        }
      }
    }
  }
}

export function depthwiseBackpropFilterWasm(
  args: KernelArgs<tf.DepthwiseConv2dNativeBackpropFilterInputs, tf.DepthwiseConv2dNativeBackpropFilterAttrs>,
): tf.TensorInfo {
  const { backend, attrs } = args;
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  if (x.shape[3] === 1) {
    // One input channel: the depthwise conv is an ordinary conv 1 → multiplier (filter [kh, kw, 1, M]),
    // whose filter gradient runs on XNNPACK instead of the per-pixel loops below.
    const { strides, pad, dimRoundingMode, filterShape } = attrs;
    const dilations = pairOf(attrs.dilations);
    return conv2dBackpropFilterWasm({
      inputs: { x, dy },
      backend,
      attrs: { strides, pad, dimRoundingMode, filterShape, dilations, dataFormat: 'NHWC' },
    });
  }
  const info = convGeometry(x.shape as Shape4, attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const g = geomOf(info);
  const mult = attrs.filterShape[3];
  if (mult === 1) {
    const simd = depthwiseFilterGradSimd(backend, x, dy, g, info.batchSize);
    if (simd != null) return simd;
  }
  const C = g.inC;
  const CM = C * mult;
  const acc = new Float64Array(g.kH * g.kW * CM);
  const out = allocF32(backend, attrs.filterShape);
  const h = wholeHeapF32(backend);
  const xOff = floatOffset(backend, x);
  const dyOff = floatOffset(backend, dy);
  if (mult === 1 && g.strideH === 1 && g.strideW === 1) {
    filterGradStride1(h, xOff, dyOff, info.batchSize, g, acc);
    h.set(acc, floatOffset(backend, out));
    return out;
  }
  forEachTap(g, info.batchSize, CM, dyOff, xOff, (d, s, tap) => {
    const w = tap * CM;
    if (mult === 1) {
      for (let c = 0; c < C; c++) acc[w + c] += h[s + c] * h[d + c];
      return;
    }
    for (let c = 0; c < C; c++) {
      const xv = h[s + c];
      const base = c * mult;
      for (let m = 0; m < mult; m++) acc[w + base + m] += xv * h[d + base + m];
    }
  });
  h.set(acc, floatOffset(backend, out));
  return out;
}

export function depthwiseBackpropInputWasm(
  args: KernelArgs<tf.DepthwiseConv2dNativeBackpropInputInputs, tf.DepthwiseConv2dNativeBackpropInputAttrs>,
): tf.TensorInfo {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const info = convGeometry(attrs.inputShape, filter.shape as Shape4, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const g = geomOf(info);
  const mult = filter.shape[3];
  const C = g.inC;
  const CM = C * mult;
  const dx = allocF32(backend, attrs.inputShape);
  const h = wholeHeapF32(backend);
  const dxOff = floatOffset(backend, dx);
  const wOff = floatOffset(backend, filter);
  const dyOff = floatOffset(backend, dy);
  if (mult === 1) {
    const viaConv = depthwiseInputGradByConv(backend, dy, filter, g, info.batchSize);
    if (viaConv != null) {
      backend.disposeData(dx.dataId);
      return viaConv;
    }
  }
  h.fill(0, dxOff, dxOff + info.batchSize * g.inH * g.inW * C);
  if (mult === 1 && g.strideH === 1 && g.strideW === 1) {
    inputGradStride1(h, dyOff, wOff, dxOff, info.batchSize, g);
    return dx;
  }
  forEachTap(g, info.batchSize, CM, dyOff, dxOff, (d, t, tap) => {
    const w = wOff + tap * CM;
    if (mult === 1) {
      for (let c = 0; c < C; c++) h[t + c] += h[d + c] * h[w + c];
      return;
    }
    for (let c = 0; c < C; c++) {
      const base = c * mult;
      let sum = 0;
      for (let m = 0; m < mult; m++) sum += h[d + base + m] * h[w + base + m];
      h[t + c] += sum;
    }
  });
  return dx;
}
