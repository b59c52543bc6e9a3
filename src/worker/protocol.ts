import type { Design } from '../core/graph/types';
import type { NamedBuffer } from '../data/dataset-errors';
import type { DatasetSample, DatasetSummary } from '../data/dataset-summary';
import type { ProbeRequest, ProbeResult } from '../tf/inspect/probe';
/** Inspect tab requests and answers (src/tf/inspect/probe.ts; type-only, like TrainConfig). */
export type { ProbeRequest, ProbeResult };
import type { LatencyProfile } from '../core/profile/latency-types';
import type { BatchInfo, EpochInfo } from '../tf/train-loop';
import type { TrainConfig } from '../core/training/train-config';
import { DEFAULT_TRAIN_CONFIG } from '../core/training/defaults';
import { trainConfigProblems } from '../core/training/validate';

/**
 * The typed message protocol between the editor (main thread) and the training worker.
 * Pure types plus tiny helpers: no tfjs, safe to import anywhere.
 */

export type OptimizerName = TrainConfig['optimizer'];
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** The training config: src/core/training describes every setting once (type, defaults, limits). */
export type { TrainConfig };

/** Where the worker gets its data. */
export type DatasetRef =
  | { kind: 'mnist'; baseUrl?: string }
  /** User files the page sent once with 'store-dataset' (src/worker/dataset-store.ts); `label` names them in messages. */
  | { kind: 'stored'; id: string; label: string };

/** What the dataset panel shows (src/data/dataset-summary.ts). */
export type { DatasetSample, DatasetSummary };

export interface ExampleImage {
  /** Index in the test set. */
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  pixels: Float32Array;
}

export interface Evaluation {
  testLoss: number;
  testAccuracy: number;
  testCount: number;
  /** confusion[actual][predicted] counts. */
  confusion: number[][];
  /** A few test images with their predictions (mix of right and wrong). */
  samplePredictions: ExampleImage[];
  /** Up to a few example images behind each confusion cell, keyed "actual,predicted". */
  cellExamples: Record<string, ExampleImage[]>;
}

/** tfjs weights as saved by model.save (specs + one concatenated buffer). */
export interface WeightsBlob {
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
}

export type TrainerCommand =
  /**
   * Keeps user files in the worker under `datasetId` (IDX plain or .gz, CIFAR-10 binary batches, a zip, or an
   * image folder with relative paths); no answer: an 'inspect' of { kind: 'stored', id } parses them.
   */
  | { type: 'store-dataset'; datasetId: string; label: string; files: NamedBuffer[] }
  | { type: 'drop-dataset'; datasetId: string }
  | { type: 'inspect'; requestId: string; dataset: DatasetRef; imageShape: [number, number, number] }
  | {
      type: 'start';
      runId: string;
      design: Design;
      config: TrainConfig;
      dataset: DatasetRef;
      backend?: BackendPreference;
      /** Weights to start from (an imported ONNX model's), matched to the compiled layers by name and shape. */
      initialWeights?: WeightsBlob;
      /** Evaluate initialWeights on the test set without training (the run completes after 0 epochs). */
      evaluateOnly?: boolean;
      /** Stop when validation accuracy has not improved for `patience` epochs; the best epoch's weights are kept. */
      earlyStopping?: { patience: number };
      /** Data-parallel workers of a WASM run, this worker included (src/core/parallel/worker-count.ts); absent: 'auto'. */
      workers?: number | 'auto';
      /** XNNPACK threads per nested gradient worker (benches only; absent: 1). */
      workerThreads?: number;
    }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'stop'; runId: string }
  | { type: 'evaluate'; runId: string }
  | { type: 'export'; runId: string }
  /** Measure inference latency of a design (whole model and per block) at each batch size, on the chosen backend. */
  | { type: 'profile'; requestId: string; design: Design; batches: number[]; runs?: number; backend?: BackendPreference }
  /**
   * Learning-rate range test (src/tf/lr-range.ts) on a fresh copy of the design's model (from initialWeights
   * when given): the rate grows exponentially from minLr to maxLr over `steps` steps; refused while a run trains.
   */
  | {
      type: 'lr-range';
      requestId: string;
      design: Design;
      config: TrainConfig;
      dataset: DatasetRef;
      backend?: BackendPreference;
      initialWeights?: WeightsBlob;
      range: LrRangeSettings;
    }
  | { type: 'lr-range-stop'; requestId: string }
  /** Inspect tab: effective receptive field of a block (over `dataset`'s test images), or one image's activations and Grad-CAM. */
  | { type: 'probe'; requestId: string; request: ProbeRequest; dataset?: DatasetRef };

/** The ramp of a learning-rate range test (src/tf/lr-range.ts LrRangeOptions). */
export interface LrRangeSettings {
  minLr: number;
  maxLr: number;
  steps: number;
}

/** One step of a range test: the rate, its loss and the smoothed loss. */
export interface LrRangePointInfo {
  lr: number;
  loss: number;
  smoothed: number;
}

/** Per-batch progress, as the training loop reports it (a type-only import, like TrainConfig). */
export type BatchProgress = BatchInfo;

/** Per-epoch metrics, as the training loop reports them. */
export type EpochMetrics = EpochInfo;

export type TrainerEvent =
  | { type: 'ready' }
  | { type: 'heartbeat'; at: number }
  | { type: 'dataset'; requestId: string; summary: DatasetSummary }
  | { type: 'dataset-error'; requestId: string; message: string }
  | { type: 'status'; runId: string; text: string }
  | { type: 'backend'; runId: string; name: string; reason: string; warning?: string; tried: string[] }
  | { type: 'progress'; runId: string; progress: BatchProgress; epochs: number }
  | { type: 'epoch'; runId: string; metrics: EpochMetrics }
  | { type: 'paused'; runId: string }
  | { type: 'resumed'; runId: string }
  | ({ type: 'done'; runId: string; weights: WeightsBlob } & Evaluation)
  | { type: 'evaluation'; runId: string; evaluation: Evaluation }
  | { type: 'stopped'; runId: string; weights: WeightsBlob; epochsCompleted: number }
  | { type: 'exported'; runId: string; modelJson: string; weightsBin: ArrayBuffer }
  /** Answer to 'profile': one profile per requested batch; backendDetail says what ran (backend, threads, build). */
  | { type: 'profiled'; requestId: string; profiles: LatencyProfile[]; backendDetail: string }
  | { type: 'profile-error'; requestId: string; message: string }
  /** Range-test progress (a few points at a time), its end (all points) and its failure. */
  | { type: 'lr-range-progress'; requestId: string; points: LrRangePointInfo[]; steps: number }
  | { type: 'lr-range-done'; requestId: string; points: LrRangePointInfo[]; stoppedEarly: boolean }
  | { type: 'lr-range-error'; requestId: string; message: string }
  | { type: 'probe-result'; requestId: string; result: ProbeResult }
  | { type: 'probe-error'; requestId: string; message: string; fatal?: boolean }
  /** `fatal`: the worker's backend is broken (wasm trap, out of memory): the page replaces the worker. */
  | { type: 'error'; runId?: string; message: string; nanLoss?: boolean; fatal?: boolean };

export type TrainerEventType = TrainerEvent['type'];

/** The app's default training settings (generated from src/core/training/train-fields.ts). */
export { DEFAULT_TRAIN_CONFIG };

/** Checks a config before it is sent; returns messages naming each bad field (src/core/training/validate.ts). */
export function validateTrainConfig(c: TrainConfig): string[] {
  return trainConfigProblems(c).map((p) => p.message);
}
