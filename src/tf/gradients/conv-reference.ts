import { outputLength, paddingAmounts } from '../../core/blocks/conv-math';
import type { Padding } from '../../core/graph/types';

/**
 * Plain-JS float64 reference convolutions (NHWC, TF padding, stride 1) and central finite
 * differences, used by the gradient tests as an oracle independent of tfjs.
 */

export interface Arr4 {
  shape: [number, number, number, number];
  data: Float64Array;
}

export type RefActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid';

export interface RefConv {
  dilation: [number, number];
  padding: Padding;
  depthwise: boolean;
  activation: RefActivation;
}

export function activate(v: number, a: RefActivation): number {
  switch (a) {
    case 'linear':
      return v;
    case 'relu':
      return Math.max(0, v);
    case 'relu6':
      return Math.min(6, Math.max(0, v));
    case 'elu':
      return v > 0 ? v : Math.exp(v) - 1;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
  }
}

/** Output shape of the reference convolution. */
export function refOutShape(x: Arr4['shape'], w: Arr4['shape'], c: RefConv): Arr4['shape'] {
  const [b, h, wd] = x;
  const [kh, kw, cin, last] = w;
  const ho = outputLength(h, kh, 1, c.dilation[0], c.padding);
  const wo = outputLength(wd, kw, 1, c.dilation[1], c.padding);
  return [b, ho, wo, c.depthwise ? cin * last : last];
}

/** y = act(conv(x, w) + bias); w is [kh,kw,C,O] (conv) or [kh,kw,C,M] (depthwise). */
export function refConv(x: Arr4, w: Arr4, bias: Float64Array | null, c: RefConv): Arr4 {
  const [B, H, W, C] = x.shape;
  const [kh, kw, , last] = w.shape;
  const out = refOutShape(x.shape, w.shape, c);
  const [, Ho, Wo, O] = out;
  const [top] = paddingAmounts(H, kh, 1, c.dilation[0], c.padding);
  const [left] = paddingAmounts(W, kw, 1, c.dilation[1], c.padding);
  const y = new Float64Array(B * Ho * Wo * O);
  const xAt = (b: number, i: number, j: number, ch: number) => (i < 0 || i >= H || j < 0 || j >= W ? 0 : x.data[((b * H + i) * W + j) * C + ch]);
  const wAt = (p: number, q: number, ch: number, o: number) => w.data[((p * kw + q) * C + ch) * last + o];
  for (let b = 0; b < B; b++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let o = 0; o < O; o++) {
          let s = bias ? bias[o] : 0;
          for (let p = 0; p < kh; p++)
            for (let q = 0; q < kw; q++) {
              const xi = i - top + p * c.dilation[0];
              const xj = j - left + q * c.dilation[1];
              if (c.depthwise) {
                const ch = Math.floor(o / last);
                s += xAt(b, xi, xj, ch) * wAt(p, q, ch, o % last);
              } else {
                for (let ch = 0; ch < C; ch++) s += xAt(b, xi, xj, ch) * wAt(p, q, ch, o);
              }
            }
          y[((b * Ho + i) * Wo + j) * O + o] = activate(s, c.activation);
        }
  return { shape: out, data: y };
}

/** Central finite-difference gradient of f with respect to every entry of v (mutated and restored). */
export function finiteDiff(v: Float64Array, f: () => number, eps = 1e-6): Float64Array {
  const g = new Float64Array(v.length);
  for (let k = 0; k < v.length; k++) {
    const keep = v[k];
    v[k] = keep + eps;
    const up = f();
    v[k] = keep - eps;
    const down = f();
    v[k] = keep;
    g[k] = (up - down) / (2 * eps);
  }
  return g;
}

/** ‖a − b‖∞ / max(‖b‖∞, tiny): norm-wise relative error. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relError: length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

/** Deterministic float32-representable values in [-1, 1) (so tfjs and the reference see the same inputs). */
export function seededValues(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.fround((s / 2 ** 32) * 2 - 1);
  }
  return out;
}

/** Inserts (d − 1) zeros between kernel taps: [kh,kw,C,O] → [(kh−1)dh+1, (kw−1)dw+1, C, O]. */
export function expandKernel(w: Arr4, dilation: [number, number]): Arr4 {
  const [kh, kw, C, O] = w.shape;
  const eh = (kh - 1) * dilation[0] + 1;
  const ew = (kw - 1) * dilation[1] + 1;
  const data = new Float64Array(eh * ew * C * O);
  for (let p = 0; p < kh; p++)
    for (let q = 0; q < kw; q++)
      for (let k = 0; k < C * O; k++) data[(p * dilation[0] * ew + q * dilation[1]) * C * O + k] = w.data[(p * kw + q) * C * O + k];
  return { shape: [eh, ew, C, O], data };
}
