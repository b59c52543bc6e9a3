import * as tf from '@tensorflow/tfjs';
import type { Padding } from '../../core/graph/types';
import { type Arr4, type RefActivation, expandKernel, finiteDiff, refConv, refOutShape, relError, seededValues } from './conv-reference';

/**
 * Gradient check harness shared by the conv and depthwise gradient tests: analytic tfjs gradients
 * (through the registered replacement configs) against float64 central differences of a plain-JS
 * forward, and against stock gradients of the equivalent zero-expanded undilated kernel.
 */

export interface GradCase {
  depthwise: boolean;
  /** Run the FusedConv2D / FusedDepthwiseConv2D kernel instead of separate ops. */
  fused: boolean;
  kernel: [number, number];
  dilation: [number, number];
  padding: Padding;
  size: [number, number];
  batch: number;
  channels: number;
  /** Filters (conv) or depth multiplier (depthwise). */
  last: number;
  bias: boolean;
  activation: RefActivation;
  seed: number;
}

export interface GradReport {
  /** Relative errors vs finite differences, per input. */
  fd: Record<string, number>;
  /** Relative errors vs the zero-expanded undilated kernel, per input. */
  expanded: Record<string, number>;
  outShape: number[];
}

function applyActivation(y: tf.Tensor, a: RefActivation): tf.Tensor {
  switch (a) {
    case 'linear':
      return y;
    case 'relu':
      return tf.relu(y);
    case 'relu6':
      return tf.relu6(y);
    case 'elu':
      return tf.elu(y);
    case 'sigmoid':
      return tf.sigmoid(y);
  }
}

function forward(c: GradCase, x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D | null, dilation: [number, number], fused: boolean): tf.Tensor {
  if (fused) {
    const kernel = c.depthwise ? 'FusedDepthwiseConv2D' : 'FusedConv2D';
    const inputs: tf.NamedTensorMap = b ? { x, filter: w, bias: b } : { x, filter: w };
    const attrs = { strides: [1, 1], pad: c.padding, dataFormat: 'NHWC', dilations: dilation, activation: c.activation };
    return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  const y = c.depthwise ? tf.depthwiseConv2d(x, w, 1, c.padding, 'NHWC', dilation) : tf.conv2d(x, w, 1, c.padding, 'NHWC', dilation);
  return applyActivation(b ? tf.add(y, b) : y, c.activation);
}

async function values(t: tf.Tensor): Promise<Float64Array> {
  return Float64Array.from(await t.data());
}

export async function checkGradients(c: GradCase): Promise<GradReport> {
  const [h, wd] = c.size;
  const xArr: Arr4 = { shape: [c.batch, h, wd, c.channels], data: seededValues(c.batch * h * wd * c.channels, c.seed) };
  const [kh, kw] = c.kernel;
  const wArr: Arr4 = { shape: [kh, kw, c.channels, c.last], data: seededValues(kh * kw * c.channels * c.last, c.seed + 1) };
  const outCh = c.depthwise ? c.channels * c.last : c.last;
  const bArr = c.bias ? seededValues(outCh, c.seed + 2) : null;
  const ref = { dilation: c.dilation, padding: c.padding, depthwise: c.depthwise, activation: c.activation };
  const outShape = refOutShape(xArr.shape, wArr.shape, ref);
  const rArr = seededValues(
    outShape.reduce((a, v) => a * v, 1),
    c.seed + 3,
  );

  const loss = () => {
    const y = refConv(xArr, wArr, bArr, ref).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * rArr[i];
    return s;
  };
  const fdX = finiteDiff(xArr.data, loss);
  const fdW = finiteDiff(wArr.data, loss);
  const fdB = bArr ? finiteDiff(bArr, loss) : null;

  const x = tf.tensor4d(Float32Array.from(xArr.data), xArr.shape);
  const w = tf.tensor4d(Float32Array.from(wArr.data), wArr.shape);
  const b = bArr ? tf.tensor1d(Float32Array.from(bArr)) : null;
  const r = tf.tensor(Float32Array.from(rArr), outShape);
  const wideKernel = expandKernel(wArr, c.dilation);
  const wExp = tf.tensor4d(Float32Array.from(wideKernel.data), wideKernel.shape);
  try {
    const args = b ? [x, w, b] : [x, w];
    const grads = tf.grads((...t: tf.Tensor[]) =>
      tf.sum(tf.mul(forward(c, t[0] as tf.Tensor4D, t[1] as tf.Tensor4D, (t[2] as tf.Tensor1D) ?? null, c.dilation, c.fused), r)),
    )(args);
    const expArgs = b ? [x, wExp, b] : [x, wExp];
    const expGrads = tf.grads((...t: tf.Tensor[]) =>
      tf.sum(tf.mul(forward(c, t[0] as tf.Tensor4D, t[1] as tf.Tensor4D, (t[2] as tf.Tensor1D) ?? null, [1, 1], false), r)),
    )(expArgs);
    const expW = tf.stridedSlice(expGrads[1], [0, 0, 0, 0], wideKernel.shape, [c.dilation[0], c.dilation[1], 1, 1]);

    const [gx, gw] = [await values(grads[0]), await values(grads[1])];
    const report: GradReport = {
      fd: { x: relError(gx, fdX), filter: relError(gw, fdW) },
      expanded: { x: relError(gx, await values(expGrads[0])), filter: relError(gw, await values(expW)) },
      outShape: [...grads[0].shape],
    };
    if (fdB && b) {
      const gb = await values(grads[2]);
      report.fd.bias = relError(gb, fdB);
      report.expanded.bias = relError(gb, await values(expGrads[2]));
    }
    report.outShape = [...outShape];
    tf.dispose([...grads, ...expGrads, expW]);
    return report;
  } finally {
    tf.dispose([x, w, r, wExp]);
    if (b) b.dispose();
  }
}

/** Input size for a case: odd and even sides, large enough for 'valid' with the dilated kernel. */
export function caseSize(kernel: [number, number], dilation: [number, number], padding: Padding): [number, number] {
  if (padding === 'same') return [7, 6];
  return [(kernel[0] - 1) * dilation[0] + 2, (kernel[1] - 1) * dilation[1] + 3];
}
