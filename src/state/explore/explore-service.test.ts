import { afterEach, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../worker/protocol';
import type { LiveRun } from '../slices/training-run';
import { useAppStore } from '../store';
import { DEFAULT_FORM } from './explore-form';
import { pauseSearch, resumeSearch, startSearch, stopSearch } from './explore-service';
import { useExploreStore } from './explore-store';
import { interruptSearch, readSearchRecord } from './search-record';

const original = useAppStore.getState();
afterEach(() =>
  useAppStore.setState({
    startTraining: original.startTraining,
    pauseTraining: original.pauseTraining,
    resumeTraining: original.resumeTraining,
    stopTraining: original.stopTraining,
  }),
);

/** Replaces the worker path: each run finishes on the next tick with the accuracy `score(variant name)` (or fails when it returns null). */
function fakeTrainer(score: (name: string) => number | null) {
  const calls: { variant: string; seconds: number | undefined }[] = [];
  let paused = false;
  let stopped = false;
  let held: (() => void) | null = null;
  useAppStore.setState({
    pauseTraining: () => void (paused = true),
    stopTraining: () => {
      stopped = true;
      held?.();
    },
    resumeTraining: () => {
      paused = false;
      held?.();
    },
    startTraining: (options?: { variantId?: string; config?: Partial<TrainConfig> }) => {
      const s = useAppStore.getState();
      const v = s.variants.find((x) => x.id === options?.variantId)!;
      calls.push({ variant: v.name, seconds: options?.config?.timeLimitSeconds });
      const id = `run-${calls.length}`;
      const run = {
        id,
        variantId: v.id,
        variantName: v.name,
        design: v.design,
        config: { ...s.trainingConfig, ...options?.config },
        backendPreference: 'auto',
        datasetLabel: 'MNIST',
        status: 'running',
        statusText: '',
        startedAt: Date.now(),
        batchPoints: [],
        epochPoints: [],
        hasWeights: false,
      } as LiveRun;
      useAppStore.setState({ liveRun: run });
      const finish = () => {
        const acc = score(v.name);
        if (stopped) return useAppStore.setState({ liveRun: { ...run, status: 'stopped' } });
        useAppStore.setState({
          liveRun:
            acc === null
              ? { ...run, status: 'failed', error: 'The loss became NaN (diverged)' }
              : { ...run, status: 'completed', epochPoints: [{ epoch: 0, loss: 0.1, accuracy: acc, valAccuracy: acc, seconds: 1 }] },
        });
      };
      setTimeout(() => (paused ? (held = finish) : finish()), 0);
      return id;
    },
  });
  return calls;
}

async function searchDone(): Promise<void> {
  for (let i = 0; i < 200 && useExploreStore.getState().liveSearchId !== null; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('explore service', () => {
  it('trains each candidate as a new variant through the training path, rung by rung, with the rung seconds as time limit', async () => {
    const activeBefore = useAppStore.getState().activeVariantId;
    const calls = fakeTrainer((name) => (name.includes('×0.5') ? 0.9 : 0.95));
    useExploreStore.setState({ form: { ...DEFAULT_FORM, width: { on: true, values: '0.5, 1' }, budgetSeconds: 12 } });
    const id = startSearch();
    expect(id).not.toBeNull();
    await searchDone();
    const r = useExploreStore.getState().searches.find((s) => s.id === id)!;
    expect(r.status).toBe('finished');
    expect(calls).toEqual([
      { variant: 'Sora fast (MNIST) (explore base)', seconds: 3 },
      { variant: '×0.5', seconds: 3 },
      { variant: 'Sora fast (MNIST) (explore base)', seconds: 6 },
    ]);
    const byName = Object.fromEntries(r.candidates.map((c) => [c.name, c]));
    expect(byName.base).toMatchObject({ status: 'final', rung: 1, budgetSeconds: 6, accuracy: 0.95, runIds: ['run-1', 'run-3'] });
    expect(byName['×0.5']).toMatchObject({ status: 'dropped', rung: 0, budgetSeconds: 3, accuracy: 0.9, runIds: ['run-2'] });
    expect(r.best).toBe('base');
    // The variants exist, were forked from the base, and the user's active variant did not change.
    const variants = useAppStore.getState().variants;
    const half = variants.find((v) => v.id === byName['×0.5'].variantId)!;
    expect(half.forkedFrom).toBe(activeBefore);
    expect(useAppStore.getState().activeVariantId).toBe(activeBefore);
    // The record survives a round trip through its schema; a reload marks a running search interrupted.
    const read = readSearchRecord({ ...r, version: 1 });
    expect(read.ok && read.value.candidates).toHaveLength(2);
    // Interrupted while the base trained its rung 2 (its rung-1 result is kept) and ×0.5 waited.
    const stale = interruptSearch({
      ...r,
      status: 'running',
      current: 'c0',
      candidates: r.candidates.map((c) => (c.isBase ? { ...c, status: 'training' } : { ...c, status: 'pending' })),
    });
    expect(stale.status).toBe('interrupted');
    expect(stale.candidates.find((c) => c.isBase)).toMatchObject({ status: 'dropped', rung: 0, budgetSeconds: 3, accuracy: 0.95 });
    expect(stale.candidates.find((c) => !c.isBase)).toMatchObject({ status: 'dropped', rung: 0, accuracy: 0.9 });
    const never = interruptSearch({
      ...r,
      status: 'paused',
      candidates: r.candidates.map((c) => ({ ...c, status: 'pending', accuracy: undefined })),
    });
    expect(never.candidates.map((c) => c.status)).toEqual(['skipped', 'skipped']);
    expect(readSearchRecord({ ...r, version: 99 })).toMatchObject({ ok: false });
  });

  it('records a candidate that diverges and goes on; pause holds the next candidate until resume', async () => {
    const calls = fakeTrainer((name) => (name.includes('×0.5') ? null : 0.97));
    useExploreStore.setState({ form: { ...DEFAULT_FORM, width: { on: true, values: '0.5, 1' }, budgetSeconds: 12 } });
    const id = startSearch();
    pauseSearch();
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(1); // the first run is held; nothing else started
    expect(useExploreStore.getState().searches.find((s) => s.id === id)!.status).toBe('paused');
    resumeSearch();
    await searchDone();
    const r = useExploreStore.getState().searches.find((s) => s.id === id)!;
    expect(r.status).toBe('finished');
    const failed = r.candidates.find((c) => c.name.startsWith('×0.5'))!;
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/NaN/);
    expect(r.candidates.find((c) => c.isBase)?.status).toBe('final');
  });

  it('Stop ends the search: the stopped candidate keeps its finished rung, the rest are skipped', async () => {
    fakeTrainer(() => 0.9);
    useExploreStore.setState({ form: { ...DEFAULT_FORM, width: { on: true, values: '0.5, 0.75, 1' }, budgetSeconds: 30 } });
    const id = startSearch();
    pauseSearch(); // hold the first run so Stop lands during it
    await new Promise((r) => setTimeout(r, 10));
    stopSearch();
    await searchDone();
    const r = useExploreStore.getState().searches.find((s) => s.id === id)!;
    expect(r.status).toBe('stopped');
    expect(r.candidates.map((c) => c.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(r.candidates[0].message).toBe('stopped by the user');
  });
});
