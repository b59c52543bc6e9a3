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
