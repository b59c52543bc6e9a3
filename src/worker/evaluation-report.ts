import type { ImageDataset } from '../data/types';
import type { Evaluation, ExampleImage } from './protocol';

/** What src/tf/evaluate.ts returns (predictions: predicted class per test image). */
export interface RawEvaluation {
  loss: number;
  accuracy: number;
  predictions: ArrayLike<number>;
  confusion: number[][];
  /** Probability of the predicted class per image, when available. */
  confidences?: ArrayLike<number>;
}

export const SAMPLE_PREDICTIONS = 16;
export const EXAMPLES_PER_CELL = 8;

function example(data: ImageDataset, raw: RawEvaluation, index: number): ExampleImage {
  const size = data.imageShape[0] * data.imageShape[1] * data.imageShape[2];
  return {
    index,
    label: data.labels[index],
    predicted: raw.predictions[index],
    confidence: raw.confidences ? raw.confidences[index] : Number.NaN,
    pixels: data.images.slice(index * size, (index + 1) * size),
  };
}

/**
 * Turns raw predictions into what the results view shows: sample predictions (wrong ones first, then right
 * ones, half and half when possible) and a few images behind every confusion-matrix cell.
 */
export function buildEvaluation(data: ImageDataset, raw: RawEvaluation): Evaluation {
  const n = Math.min(data.count, raw.predictions.length);
  const wrong: number[] = [];
  const right: number[] = [];
  const cellExamples: Record<string, ExampleImage[]> = {};
  for (let i = 0; i < n; i++) {
    const actual = data.labels[i];
    const predicted = raw.predictions[i];
    (actual === predicted ? right : wrong).push(i);
    const key = `${actual},${predicted}`;
    const list = cellExamples[key] ?? (cellExamples[key] = []);
    if (list.length < EXAMPLES_PER_CELL) list.push(example(data, raw, i));
  }
  const half = SAMPLE_PREDICTIONS / 2;
  const wrongTake = Math.min(wrong.length, Math.max(half, SAMPLE_PREDICTIONS - right.length));
  const picked = [...wrong.slice(0, wrongTake), ...right.slice(0, SAMPLE_PREDICTIONS - wrongTake)].sort((a, b) => a - b);
  return {
    testLoss: raw.loss,
    testAccuracy: raw.accuracy,
    testCount: n,
    confusion: raw.confusion,
    samplePredictions: picked.map((i) => example(data, raw, i)),
    cellExamples,
  };
}

/** ArrayBuffers inside an evaluation, for zero-copy postMessage. */
export function evaluationTransfers(e: Evaluation): ArrayBuffer[] {
  const out: ArrayBuffer[] = e.samplePredictions.map((s) => s.pixels.buffer as ArrayBuffer);
  for (const list of Object.values(e.cellExamples)) for (const s of list) out.push(s.pixels.buffer as ArrayBuffer);
  return out;
}
