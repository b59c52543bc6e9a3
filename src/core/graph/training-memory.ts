import type { GraphTotals } from './analysis-types';
import { analyzeDesign } from './analyze';
import type { Design } from './types';

/**
 * Memory a training run needs, estimated from the analysis before anything is compiled, so a design the
 * analysis accepts but no machine could train (1.6e9 parameters, hundreds of GB of activations) is refused
 * with its size instead of being OOM-killed or taking the tab down. float32 throughout:
 * - weights: every parameter (trainable and batch-norm statistics);
 * - gradients: one per trainable parameter;
 * - optimizer state per trainable parameter: Adam 2 (first and second moments), RMSProp 2 (mean square and
 *   momentum), SGD with momentum 1, plain SGD 0;
 * - activations: every block's output for the whole batch, kept for back-propagation, plus as much again for
 *   their gradients (2 × batch × activation elements).
 * The backend's own workspace, the dataset and the page are not counted: this is a floor, not a budget.
 */
export interface TrainingMemory {
  weightsBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  totalBytes: number;
}

export type TrainingOptimizer = 'adam' | 'rmsprop' | 'sgd';

/** Largest training-memory estimate the browser worker accepts. */
export const BROWSER_TRAINING_MEMORY_LIMIT = 2 * 2 ** 30;
/** Default for `cli train` (raise it with --memory-limit GB). */
export const CLI_TRAINING_MEMORY_LIMIT = 8 * 2 ** 30;

const FLOAT_BYTES = 4;

export function optimizerCopies(optimizer: TrainingOptimizer, momentum = 0): number {
  if (optimizer === 'adam' || optimizer === 'rmsprop') return 2;
  return momentum > 0 ? 1 : 0;
}

export function estimateTrainingMemory(
  totals: Pick<GraphTotals, 'params' | 'trainableParams' | 'activationElements'>,
  batchSize: number,
  optimizer: TrainingOptimizer,
  momentum = 0,
): TrainingMemory {
  const weightsBytes = totals.params * FLOAT_BYTES;
  const gradientBytes = totals.trainableParams * FLOAT_BYTES;
  const optimizerBytes = optimizerCopies(optimizer, momentum) * totals.trainableParams * FLOAT_BYTES;
  const activationBytes = 2 * batchSize * totals.activationElements * FLOAT_BYTES;
  return {
    weightsBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    totalBytes: weightsBytes + gradientBytes + optimizerBytes + activationBytes,
  };
}

/** Bytes in decimal GB/MB for messages: "12.3 GB", "850 MB". */
export function formatMemory(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toPrecision(3)} GB`;
  return `${(bytes / 1e6).toPrecision(3)} MB`;
}

/** "2 GiB" for a limit given in bytes. */
export function formatLimit(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return Number.isInteger(gib) ? `${gib} GiB` : `${gib.toPrecision(3)} GiB`;
}

/**
 * Null when the estimate fits `limitBytes`, else a message saying how big the run would be, what it is made
 * of, what the limit is and what to change.
 */
export function trainingMemoryProblem(
  m: TrainingMemory,
  batchSize: number,
  optimizer: TrainingOptimizer,
  limitBytes: number,
  where: string,
): string | null {
  if (m.totalBytes <= limitBytes) return null;
  const parts = [
    `weights ${formatMemory(m.weightsBytes)}`,
    `gradients ${formatMemory(m.gradientBytes)}`,
    ...(m.optimizerBytes > 0
      ? [`${optimizer === 'adam' ? 'Adam' : optimizer === 'rmsprop' ? 'RMSProp' : 'momentum'} state ${formatMemory(m.optimizerBytes)}`]
      : []),
    `activations for batch ${batchSize} ${formatMemory(m.activationBytes)}`,
  ];
  return (
    `Training this design needs about ${formatMemory(m.totalBytes)} (${parts.join(', ')}), more than the ` +
    `${formatLimit(limitBytes)} limit ${where}. Make the design smaller${m.activationBytes > m.totalBytes / 4 ? ' or lower the batch size' : ''}.`
  );
}

/** trainingMemoryProblem for a design as it stands (analysed here); null when it fits or cannot be analysed. */
export function designTrainingMemoryProblem(
  design: Design,
  run: { batchSize: number; optimizer: TrainingOptimizer; momentum?: number },
  limitBytes: number,
  where: string,
): string | null {
  const { totals } = analyzeDesign(design);
  const m = estimateTrainingMemory(totals, run.batchSize, run.optimizer, run.momentum ?? 0);
  return trainingMemoryProblem(m, run.batchSize, run.optimizer, limitBytes, where);
}
