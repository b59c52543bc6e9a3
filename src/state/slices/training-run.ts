import type { BatchProgress, EpochMetrics, Evaluation } from '../../worker/protocol';
import type { BatchPoint, RunEpoch, RunIdentity, RunRecord } from '../persistence/runs-db';

/** A run as the training panel sees it (live metrics included). Pure helpers, no IO. */
export interface LiveRun extends RunIdentity {
  statusText: string;
  /** When the first batch finished (ETA and images/s are measured from here). */
  trainingSince?: number;
  backend?: { name: string; reason: string; warning?: string; tried: string[] };
  progress?: BatchProgress;
  batchPoints: BatchPoint[];
  epochPoints: RunEpoch[];
  evaluation?: Evaluation;
}

/** EMA weight of the newest batch in the smoothed curves. */
export const EMA_ALPHA = 0.1;
/** Above this many points the per-batch history is thinned (every other point dropped). */
export const MAX_BATCH_POINTS = 200;

/** Drops every other point (keeping the newest) so the charts stay cheap on long runs. */
export function thin(points: readonly BatchPoint[]): BatchPoint[] {
  const last = points.length - 1;
  return points.filter((_, i) => (last - i) % 2 === 0);
}

/** Adds one per-batch progress report; the smoothed curves are an EMA seeded with the first value. */
export function applyBatch(run: LiveRun, p: BatchProgress): LiveRun {
  const x = p.epoch + (p.batch + 1) / p.batchesPerEpoch;
  const prev = run.batchPoints[run.batchPoints.length - 1];
  const ema = (v: number, before: number | undefined) => (before === undefined ? v : (1 - EMA_ALPHA) * before + EMA_ALPHA * v);
  const lossEma = ema(p.loss, prev?.lossEma);
  const accuracyEma = ema(p.accuracy, prev?.accuracyEma);
  if (prev && prev.x >= x) return { ...run, progress: p };
  let batchPoints = [...run.batchPoints, { x, loss: p.loss, accuracy: p.accuracy, lossEma, accuracyEma }];
  if (batchPoints.length > MAX_BATCH_POINTS) batchPoints = thin(batchPoints);
  return { ...run, progress: p, trainingSince: run.trainingSince ?? Date.now(), batchPoints };
}

/**
 * Adds a finished epoch. The epoch's last batch progress (the worker always reports an epoch's final
 * batch, and otherwise at most ~100 ms apart) says how much of it was trained — less than all of it
 * when a time limit closed it early — and at what speed.
 */
export function applyEpoch(run: LiveRun, m: EpochMetrics): LiveRun {
  const p = run.progress;
  const epoch: RunEpoch =
    p && p.epoch === m.epoch && p.batchesPerEpoch > 0
      ? { ...m, fraction: Math.min(1, (p.batch + 1) / p.batchesPerEpoch), imagesPerSecond: p.imagesPerSecond }
      : m;
  return { ...run, epochPoints: [...run.epochPoints.filter((e) => e.epoch !== m.epoch), epoch] };
}

/**
 * Seconds left, from batches done so far and the time they took (or what is left of the run's time limit,
 * when that is sooner); null before the first batch.
 */
export function etaSeconds(run: LiveRun, now = Date.now()): number | null {
  const p = run.progress;
  if (!p || run.trainingSince === undefined) return null;
  const done = p.epoch * p.batchesPerEpoch + p.batch + 1;
  const total = run.config.epochs * p.batchesPerEpoch;
  const elapsed = (now - run.trainingSince) / 1000;
  if (done <= 1 || elapsed <= 0) return null;
  const bySteps = (elapsed / (done - 1)) * (total - done);
  const limit = run.config.timeLimitSeconds;
  return limit === undefined ? bySteps : Math.max(0, Math.min(bySteps, limit - elapsed));
}

export function recordFromRun(r: LiveRun): RunRecord {
  const e = r.evaluation;
  return {
    id: r.id,
    variantId: r.variantId,
    variantName: r.variantName,
    design: r.design,
    config: r.config,
    backendPreference: r.backendPreference,
    backend: r.backend?.name,
    datasetLabel: r.datasetLabel,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    batchHistory: r.batchPoints,
    epochHistory: r.epochPoints,
    final: e ? { testAccuracy: e.testAccuracy, testLoss: e.testLoss, testCount: e.testCount, confusion: e.confusion } : undefined,
    error: r.error,
    hasWeights: r.hasWeights,
  };
}
