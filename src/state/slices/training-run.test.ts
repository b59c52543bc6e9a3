import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../worker/protocol';
import { ioDesign } from '../../test-support/designs';
import { readRunRecord, stamped } from '../persistence/record-schema';
import { interruptStale, sortRuns, type RunRecord } from '../persistence/runs-db';
import { applyBatch, applyEpoch, etaSeconds, MAX_BATCH_POINTS, recordFromRun, thin, type LiveRun } from './training-run';

const base: LiveRun = {
  id: 'r',
  variantId: 'v',
  variantName: 'V',
  design: ioDesign([28, 28, 1], 10),
  config: { ...DEFAULT_TRAIN_CONFIG, epochs: 2 },
  backendPreference: 'auto',
  datasetLabel: 'MNIST',
  status: 'running',
  statusText: '',
  startedAt: 0,
  batchPoints: [],
  epochPoints: [],
  hasWeights: false,
};
const batch = (epoch: number, b: number, loss: number) => ({ epoch, batch: b, batchesPerEpoch: 10, loss, accuracy: 1 - loss, imagesPerSecond: 50 });

describe('live run metrics', () => {
  it('adds per-batch points at fractional epochs with an EMA', () => {
    let r = applyBatch(base, batch(0, 0, 2));
    r = applyBatch(r, batch(0, 1, 1));
    expect(r.batchPoints.map((p) => p.x)).toEqual([0.1, 0.2]);
    expect(r.batchPoints[0].lossEma).toBe(2);
    expect(r.batchPoints[1].lossEma).toBeCloseTo(0.9 * 2 + 0.1 * 1);
    expect(r.batchPoints[1].accuracyEma).toBeCloseTo(0.9 * -1 + 0.1 * 0);
    expect(applyBatch(r, batch(0, 1, 5)).batchPoints.length).toBe(2);
  });

  it('thins long histories, keeping the newest point', () => {
    const pts = Array.from({ length: 5 }, (_, i) => ({ x: i, loss: i, accuracy: 0, lossEma: i, accuracyEma: 0 }));
    expect(thin(pts).map((p) => p.x)).toEqual([0, 2, 4]);
    let r = base;
    for (let i = 0; i < MAX_BATCH_POINTS + 1; i++) r = applyBatch(r, { ...batch(0, i, 1), batchesPerEpoch: 10_000 });
    expect(r.batchPoints.length).toBe(Math.ceil((MAX_BATCH_POINTS + 1) / 2));
    expect(r.batchPoints[r.batchPoints.length - 1].x).toBeCloseTo((MAX_BATCH_POINTS + 1) / 10_000);
  });

  it('replaces an epoch entry and estimates the time left', () => {
    const r = applyEpoch(applyEpoch(base, { epoch: 0, loss: 1, accuracy: 0.5, seconds: 3 }), { epoch: 0, loss: 0.9, accuracy: 0.6, seconds: 3 });
    expect(r.epochPoints).toEqual([{ epoch: 0, loss: 0.9, accuracy: 0.6, seconds: 3 }]);
    // 6 batches done (5 timed since the first) in 10 s → 2 s each; 14 left.
    const live = { ...base, trainingSince: 0, progress: batch(0, 5, 1) };
    expect(etaSeconds(live, 10_000)).toBeCloseTo(28);
    expect(etaSeconds(base)).toBeNull();
    // A 20 s time limit ends the run sooner than the 28 s the batches need; 10 s of it are used.
    expect(etaSeconds({ ...live, config: { ...live.config, timeLimitSeconds: 20 } }, 10_000)).toBeCloseTo(10);
    expect(etaSeconds({ ...live, config: { ...live.config, timeLimitSeconds: 600 } }, 10_000)).toBeCloseTo(28);
  });

  it('records how much of an epoch a time limit let it train, and the speed the panel showed', () => {
    // The limit ended epoch 0 after batch index 46 of 100 (47%) at 357 images/s.
    const live = { ...base, progress: { ...batch(0, 46, 0.3), batchesPerEpoch: 100, imagesPerSecond: 357 } };
    const r = applyEpoch(live, { epoch: 0, loss: 0.3, accuracy: 0.9, seconds: 2 });
    expect(r.epochPoints).toEqual([{ epoch: 0, loss: 0.3, accuracy: 0.9, seconds: 2, fraction: 0.47, imagesPerSecond: 357 }]);
    expect(recordFromRun(r).epochHistory[0].fraction).toBe(0.47);
    // ... and both survive the stored record's validation (IndexedDB read-back).
    const read = readRunRecord(JSON.parse(JSON.stringify(stamped(recordFromRun({ ...r, status: 'completed' })))));
    expect(read.ok && read.value.epochHistory[0]).toMatchObject({ fraction: 0.47, imagesPerSecond: 357 });
    // A full epoch: its last batch was reported.
    const full = applyEpoch({ ...base, progress: batch(1, 9, 0.2) }, { epoch: 1, loss: 0.2, accuracy: 0.95, seconds: 2 });
    expect(full.epochPoints[0]).toMatchObject({ fraction: 1, imagesPerSecond: 50 });
    // Progress of another epoch says nothing about this one.
    expect(
      applyEpoch({ ...base, progress: batch(1, 0, 0.2) }, { epoch: 0, loss: 0.2, accuracy: 0.9, seconds: 1 }).epochPoints[0].fraction,
    ).toBeUndefined();
  });

  it('persists a record with final metrics', () => {
    const rec = recordFromRun({
      ...base,
      status: 'completed',
      evaluation: { testLoss: 0.1, testAccuracy: 0.97, testCount: 100, confusion: [[1]], samplePredictions: [], cellExamples: {} },
    });
    expect(rec.final).toEqual({ testLoss: 0.1, testAccuracy: 0.97, testCount: 100, confusion: [[1]] });
    expect(rec.status).toBe('completed');
  });
});

describe('runs database helpers', () => {
  it('marks runs left running by an earlier page as interrupted, except the live one', () => {
    const rec = (id: string, status: RunRecord['status'], startedAt: number) => ({ ...recordFromRun(base), id, status, startedAt });
    const { records, changed } = interruptStale(
      [rec('a', 'running', 1), rec('b', 'completed', 2), rec('c', 'paused', 3), rec('d', 'running', 4)],
      'd',
      99,
    );
    expect(records.map((r) => r.status)).toEqual(['interrupted', 'completed', 'interrupted', 'running']);
    expect(changed.map((r) => r.id)).toEqual(['a', 'c']);
    expect(changed[0].finishedAt).toBe(99);
    expect(sortRuns(records).map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
  });
});
