/**
 * Test helpers: export a tfjs LayersModel to ONNX through the app's exporter path (model.json + weights.bin →
 * ExportModel → .onnx) and compare onnxruntime-node's outputs with tfjs predictions.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { assembleArtifact, parseModelJson } from '../../../export/artifact';
import { buildExportModel } from '../../../export/export-model';
import { modelFilesFromModel } from '../../../../tf/export/model-artifact';
import { permute } from '../../../export/torch-layout';
import { exportOnnx } from '../export-onnx';
import { seededRandom } from '../../../seeded-random';

/**
 * Seeded random weights scaled like He-uniform (kernels ±√(6/fan_in)), so activations stay O(1) through deep nets
 * and a final softmax is not saturated (a saturated one would hide logit errors). BN variances/gammas in
 * [0.5, 1.5), other vectors ±0.1. Plain loops: the 202M-weight seed baseline fills in seconds.
 */
export function randomizeScaled(model: tf.LayersModel, seed: number): void {
  const rnd = seededRandom(seed);
  const values = model.weights.map((w) => {
    const shape = w.shape as number[];
    const n = shape.reduce((a, b) => a * b, 1);
    const name = w.originalName;
    const data = new Float32Array(n);
    if (/moving_variance|gamma/.test(name)) {
      for (let i = 0; i < n; i++) data[i] = 0.5 + rnd();
    } else if (shape.length >= 2) {
      const fanIn = /depthwise_kernel/.test(name) ? shape[0] * shape[1] : n / shape[shape.length - 1];
      const limit = Math.sqrt(6 / fanIn);
      for (let i = 0; i < n; i++) data[i] = (rnd() * 2 - 1) * limit;
    } else {
      for (let i = 0; i < n; i++) data[i] = (rnd() - 0.5) * 0.2;
    }
    return tf.tensor(data, shape, 'float32');
  });
  model.setWeights(values);
  values.forEach((v) => v.dispose());
}

export async function onnxBytesOf(model: tf.LayersModel): Promise<Uint8Array> {
  const { modelJson, weightsBin } = await modelFilesFromModel(model);
  const artifact = assembleArtifact(parseModelJson(modelJson), (p) => (p === 'weights.bin' ? weightsBin : null));
  return exportOnnx(buildExportModel(artifact));
}

/** NHWC → NCHW for rank-4 tensors (rank 2 unchanged). */
export function toOnnxLayout(data: Float32Array, shape: readonly number[]): { data: Float32Array; shape: number[] } {
  return shape.length === 4 ? permute(data, shape, [0, 3, 1, 2]) : { data, shape: [...shape] };
}

/** NCHW → NHWC for rank-4 tensors (rank 2 unchanged). */
export function fromOnnxLayout(data: Float32Array, shape: readonly number[]): { data: Float32Array; shape: number[] } {
  return shape.length === 4 ? permute(data, shape, [0, 2, 3, 1]) : { data, shape: [...shape] };
}

export interface OutputComparison {
  /** Largest |onnx - tfjs| per output. */
  maxAbsDiff: number[];
  /** Largest |tfjs| per output (scale of the values compared). */
  maxAbs: number[];
  shapes: number[][];
}

/** Runs the ONNX bytes on NHWC `inputs` (transposed to NCHW) and compares with tfjs' predictions in NHWC. */
export async function compareWithTfjs(model: tf.LayersModel, bytes: Uint8Array, inputs: tf.Tensor[]): Promise<OutputComparison> {
  const preds = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  const expected = Array.isArray(preds) ? preds : [preds];
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds: Record<string, ort.Tensor> = {};
    session.inputNames.forEach((name, i) => {
      const t = toOnnxLayout(inputs[i].dataSync() as Float32Array, inputs[i].shape);
      feeds[name] = new ort.Tensor('float32', t.data, t.shape);
    });
    const results = await session.run(feeds);
    const report: OutputComparison = { maxAbsDiff: [], maxAbs: [], shapes: [] };
    session.outputNames.forEach((name, i) => {
      const got = results[name];
      const nhwc = fromOnnxLayout(got.data as Float32Array, got.dims.map(Number));
      const want = expected[i].dataSync() as Float32Array;
      report.shapes.push(nhwc.shape);
      if (nhwc.shape.join(',') !== expected[i].shape.join(',')) {
        report.maxAbsDiff.push(Number.POSITIVE_INFINITY);
        report.maxAbs.push(0);
        return;
      }
      let diff = 0;
      let scale = 0;
      for (let k = 0; k < want.length; k++) {
        diff = Math.max(diff, Math.abs(nhwc.data[k] - want[k]));
        scale = Math.max(scale, Math.abs(want[k]));
      }
      report.maxAbsDiff.push(Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff);
      report.maxAbs.push(scale);
    });
    return report;
  } finally {
    expected.forEach((t) => t.dispose());
    await session.release();
  }
}
