/**
 * Batch normalisation in training mode as two fused wasm kernels, for channels-last inputs normalised over
 * every axis but the last (what Keras BatchNormalization(axis=-1) does on NHWC maps and dense outputs).
 *
 * Stock tfjs-layers computes it as moments (Mean, SquaredDifference, Mean) + FusedBatchNorm, and autodiff
 * turns that into ~20 kernels per layer (Tile, broadcast Multiply, Sum, Mean, Cast, ...), about 40% of a
 * training step of a small conv net on wasm. Here:
 *   SoraBatchNormTrain(x, gamma, beta)        → y, batch mean, batch variance (biased, as tfjs)
 *   SoraBatchNormTrainGrad(dy, x, mean, var, gamma) → dx, dgamma, dbeta
 * each one JS pass for the per-channel sums and a per-channel affine map of the wasm backend's own
 * (XNNPACK) Multiply/Add kernels,
 * with the standard full BN gradient (through the batch statistics), P = values per channel:
 *   dbeta = Σdy,  dgamma = Σ dy·x̂,  dx = γ·inv/P · (P·dy − dbeta − x̂·dgamma),  x̂ = (x−mean)·inv.
 * Sums accumulate in float64.
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendWasm, allocF32, callWasmKernel, floatOffset, wholeHeapF32 } from './wasm-heap';

export const BN_TRAIN_KERNEL = 'SoraBatchNormTrain';
export const BN_TRAIN_GRAD_KERNEL = 'SoraBatchNormTrainGrad';

type Args = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs: tf.NamedAttrMap };

function channelsOf(x: tf.TensorInfo): { C: number; P: number } {
  const C = x.shape[x.shape.length - 1];
  return { C, P: tf.util.sizeFromShape(x.shape) / C };
}

/** Per-channel Σa and Σa·b over the P rows of two [P, C] arrays on the heap (four rows per accumulator update). */
function channelSums(h: Float32Array, a: number, b: number, P: number, C: number, sumA: Float64Array, sumAB: Float64Array): void {
  let p = a;
  let q = b;
  let r = 0;
  const C2 = 2 * C;
  const C3 = 3 * C;
  for (; r + 4 <= P; r += 4, p += 4 * C, q += 4 * C) {
    for (let c = 0; c < C; c++) {
      const a0 = h[p + c];
      const a1 = h[p + C + c];
      const a2 = h[p + C2 + c];
      const a3 = h[p + C3 + c];
      sumA[c] += a0 + a1 + a2 + a3;
      sumAB[c] += a0 * h[q + c] + a1 * h[q + C + c] + a2 * h[q + C2 + c] + a3 * h[q + C3 + c];
    }
  }
  for (; r < P; r++, p += C, q += C) {
    for (let c = 0; c < C; c++) {
      const v = h[p + c];
      sumA[c] += v;
      sumAB[c] += v * h[q + c];
    }
  }
}

/** A [C] tensor on the heap holding `values`. */
function vectorOnHeap(backend: BackendWasm, values: Float32Array): tf.TensorInfo {
  const t = allocF32(backend, [values.length]);
  wholeHeapF32(backend).set(values, floatOffset(backend, t));
  return t;
}

/** Runs a wasm binary kernel and frees the listed temporaries afterwards. */
function binary(backend: BackendWasm, kernel: 'Multiply' | 'Add', a: tf.TensorInfo, b: tf.TensorInfo, free: tf.TensorInfo[] = []): tf.TensorInfo {
  const out = callWasmKernel(backend, kernel, { a, b }, {});
  for (const t of free) backend.disposeData(t.dataId);
  return out;
}

/**
 * k1[c]·a[r, c] + k3[c] as the wasm backend's own Multiply and Add (XNNPACK, SIMD): about 2.5× faster than a JS
 * loop writing the heap (measured on 64×28×28×32: 2.1 ms vs 5.6 ms).
 */
function affine1(backend: BackendWasm, a: tf.TensorInfo, k1: Float32Array, k3: Float32Array): tf.TensorInfo {
  const v1 = vectorOnHeap(backend, k1);
  const v3 = vectorOnHeap(backend, k3);
  const t = binary(backend, 'Multiply', a, v1, [v1]);
  return binary(backend, 'Add', t, v3, [t, v3]);
}

/** k1[c]·a[r, c] + k2[c]·b[r, c] + k3[c], the same way. */
function affine2(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, k1: Float32Array, k2: Float32Array, k3: Float32Array): tf.TensorInfo {
  const v1 = vectorOnHeap(backend, k1);
  const v2 = vectorOnHeap(backend, k2);
  const v3 = vectorOnHeap(backend, k3);
  const ta = binary(backend, 'Multiply', a, v1, [v1]);
  const tb = binary(backend, 'Multiply', b, v2, [v2]);
  const sum = binary(backend, 'Add', ta, tb, [ta, tb]);
  return binary(backend, 'Add', sum, v3, [sum, v3]);
}

function invStd(variance: ArrayLike<number>, epsilon: number, C: number): Float64Array {
  const inv = new Float64Array(C);
  for (let c = 0; c < C; c++) inv[c] = 1 / Math.sqrt(variance[c] + epsilon);
  return inv;
}

export function batchNormTrainWasm({ inputs, backend, attrs }: Args): tf.TensorInfo[] {
  const { x, gamma, beta } = inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const epsilon = attrs.epsilon as number;
  const { C, P } = channelsOf(x);
  const mean = allocF32(backend, [C]);
  const variance = allocF32(backend, [C]);
  const h = wholeHeapF32(backend);
  const xo = floatOffset(backend, x);
  const s = new Float64Array(C);
  const ss = new Float64Array(C);
  channelSums(h, xo, xo, P, C, s, ss);
  const mo = floatOffset(backend, mean);
  const vo = floatOffset(backend, variance);
  const go = floatOffset(backend, gamma);
  const bo = floatOffset(backend, beta);
  const k1 = new Float32Array(C);
  const k3 = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    const m = s[c] / P;
    const v = Math.max(0, ss[c] / P - m * m);
    h[mo + c] = m;
    h[vo + c] = v;
    const a = h[go + c] / Math.sqrt(v + epsilon);
    k1[c] = a;
    k3[c] = h[bo + c] - m * a;
  }
  const y = affine1(backend, x, k1, k3);
  return [y, mean, variance];
}

export function batchNormTrainGradWasm({ inputs, backend, attrs }: Args): tf.TensorInfo[] {
  const { dy, x, mean, variance, gamma } = inputs as Record<'dy' | 'x' | 'mean' | 'variance' | 'gamma', tf.TensorInfo>;
  const epsilon = attrs.epsilon as number;
  const { C, P } = channelsOf(x);
  const dgamma = allocF32(backend, [C]);
  const dbeta = allocF32(backend, [C]);
  const h = wholeHeapF32(backend);
  const dyo = floatOffset(backend, dy);
  const xo = floatOffset(backend, x);
  const mo = floatOffset(backend, mean);
  const go = floatOffset(backend, gamma);
  const vo = floatOffset(backend, variance);
  const inv = invStd(h.subarray(vo, vo + C), epsilon, C);
  const s1 = new Float64Array(C);
  const s2 = new Float64Array(C);
  channelSums(h, dyo, xo, P, C, s1, s2);
  const k1 = new Float32Array(C);
  const k2 = new Float32Array(C);
  const k3 = new Float32Array(C);
  const dgo = floatOffset(backend, dgamma);
  const dbo = floatOffset(backend, dbeta);
  for (let c = 0; c < C; c++) {
    const m = h[mo + c];
    const g = h[go + c];
    const dyXc = s2[c] - m * s1[c]; // Σ dy·(x − mean)
    const dg = dyXc * inv[c];
    h[dgo + c] = dg;
    h[dbo + c] = s1[c];
    const a = g * inv[c];
    const b = (-a * inv[c] * dg) / P; // coefficient of (x − mean)
    k1[c] = a;
    k2[c] = b;
    k3[c] = (-a * s1[c]) / P - b * m;
  }
  const dx = affine2(backend, dy, x, k1, k2, k3);
  return [dx, dgamma, dbeta];
}

const gradConfig: tf.GradConfig = {
  kernelName: BN_TRAIN_KERNEL,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    // Only y reaches the loss; the batch statistics feed the moving averages, which are not differentiated.
    const dy = Array.isArray(dys) ? dys[0] : dys;
    const [x, gamma, mean, variance] = saved;
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BN_TRAIN_GRAD_KERNEL, { dy, x, mean, variance, gamma }, attrs) as tf.Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};

let registered = false;

/** Registers both kernels for 'wasm' and the gradient of the forward one (once). */
export function registerBatchNormTrainKernels(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel(BN_TRAIN_KERNEL, 'wasm') == null) {
    tf.registerKernel({ kernelName: BN_TRAIN_KERNEL, backendName: 'wasm', kernelFunc: batchNormTrainWasm as unknown as tf.KernelFunc });
  }
  if (tf.getKernel(BN_TRAIN_GRAD_KERNEL, 'wasm') == null) {
    tf.registerKernel({ kernelName: BN_TRAIN_GRAD_KERNEL, backendName: 'wasm', kernelFunc: batchNormTrainGradWasm as unknown as tf.KernelFunc });
  }
  tf.registerGradient(gradConfig);
}

/** y, batch mean and batch variance of a channels-last x, with gradients; wasm backend only. */
export function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): [tf.Tensor, tf.Tensor1D, tf.Tensor1D] {
  return tf.engine().runKernel(BN_TRAIN_KERNEL, { x, gamma, beta }, { epsilon }) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
}
