/**
 * What the comparison needs from a training run: a structural subset of the persisted RunRecord
 * (src/state/persistence/runs-db.ts), so this folder stays pure and independent of the store.
 */
export interface CompareRunEpoch {
  epoch: number;
  accuracy: number;
  valAccuracy?: number;
  seconds: number;
  /** Share of the epoch that was trained (a time limit can end the last one early); absent = all of it. */
  fraction?: number;
  /** Training images per second over the epoch, as the training panel showed it (absent from older records). */
  imagesPerSecond?: number;
}

/** Where an epoch's point sits on an epoch axis: where it ended, e.g. 0.47 for a first epoch stopped at 47%. */
export function epochEndX(e: { epoch: number; fraction?: number }): number {
  const f = e.fraction;
  return e.epoch + (typeof f === 'number' && f > 0 && f <= 1 ? f : 1);
}

export interface CompareRun {
  id: string;
  variantId: string;
  status: string;
  startedAt: number;
  finishedAt?: number;
  backend?: string;
  datasetLabel?: string;
  config: { epochs: number; limit?: number; validationSplit: number };
  epochHistory: readonly CompareRunEpoch[];
  final?: { testAccuracy: number };
  hasWeights: boolean;
}

/** Best validation accuracy over the run's epochs (null when no epoch reported one). */
export function bestValAccuracy(run: CompareRun): number | null {
  let best: number | null = null;
  for (const e of run.epochHistory) {
    if (typeof e.valAccuracy === 'number' && Number.isFinite(e.valAccuracy) && (best === null || e.valAccuracy > best)) best = e.valAccuracy;
  }
  return best;
}

/** Seconds spent training: the sum of epoch times, else finishedAt − startedAt, else null. */
export function trainingSeconds(run: CompareRun): number | null {
  if (run.epochHistory.length > 0) return run.epochHistory.reduce((s, e) => s + e.seconds, 0);
  if (run.finishedAt !== undefined && run.finishedAt >= run.startedAt) return (run.finishedAt - run.startedAt) / 1000;
  return null;
}

/**
 * Training throughput. Epochs that recorded their speed (what the training panel showed): their mean,
 * weighted by epoch time. Older records: images seen (limit × (1 − validation split) per epoch) over
 * the epoch seconds, null when the run had no image limit (the dataset size is not recorded).
 * Null without a timed epoch.
 */
export function imagesPerSecond(run: CompareRun): number | null {
  const secs = run.epochHistory.reduce((s, e) => s + e.seconds, 0);
  const measured = run.epochHistory.filter((e) => typeof e.imagesPerSecond === 'number' && Number.isFinite(e.imagesPerSecond));
  if (measured.length === run.epochHistory.length && measured.length > 0) {
    const weight = measured.reduce((s, e) => s + e.seconds, 0);
    const rate = (e: CompareRunEpoch) => e.imagesPerSecond as number;
    return weight > 0 ? measured.reduce((s, e) => s + rate(e) * e.seconds, 0) / weight : rate(measured[measured.length - 1]);
  }
  if (run.config.limit === undefined || run.epochHistory.length === 0 || !(secs > 0)) return null;
  const perEpoch = Math.round(run.config.limit * (1 - run.config.validationSplit));
  return (perEpoch * run.epochHistory.length) / secs;
}

/** The accuracy a run is ranked by: best validation accuracy, else test accuracy, else last train accuracy. */
export function runScore(run: CompareRun): number | null {
  const val = bestValAccuracy(run);
  if (val !== null) return val;
  if (run.final) return run.final.testAccuracy;
  const last = run.epochHistory[run.epochHistory.length - 1];
  return last ? last.accuracy : null;
}

/**
 * The run that represents a variant: its best completed run (highest score; newest on ties);
 * when none completed, its newest stopped run with at least one epoch; else null.
 */
export function representativeRun<R extends CompareRun>(variantId: string, runs: readonly R[]): R | null {
  const mine = runs.filter((r) => r.variantId === variantId);
  const completed = mine.filter((r) => r.status === 'completed');
  if (completed.length > 0) {
    return completed.reduce((best, r) => {
      const a = runScore(r) ?? -1;
      const b = runScore(best) ?? -1;
      return a > b || (a === b && r.startedAt > best.startedAt) ? r : best;
    });
  }
  const stopped = mine.filter((r) => r.status === 'stopped' && r.epochHistory.length > 0).sort((a, b) => b.startedAt - a.startedAt);
  return stopped[0] ?? null;
}

/** The newest run of the variant that has weights (completed or stopped), for exports. */
export function latestTrainedRun<R extends CompareRun>(variantId: string, runs: readonly R[]): R | null {
  const trained = runs
    .filter((r) => r.variantId === variantId && r.hasWeights && (r.status === 'completed' || r.status === 'stopped'))
    .sort((a, b) => b.startedAt - a.startedAt);
  return trained[0] ?? null;
}
