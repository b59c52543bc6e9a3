/**
 * The learning-rate finder of the Train tab: runs a range test ('lr-range', src/tf/lr-range.ts) in the
 * training worker on a fresh copy of the active variant's model (from its imported weights when it has some),
 * collects loss vs learning rate, and suggests a peak rate with the core's rule (src/core/explore/lr-finder.ts:
 * steepest descent of the smoothed loss, at most a tenth of the rate at its minimum). The design and its weights
 * are never changed; applying the suggestion only sets the learning-rate field.
 */
import { create } from 'zustand';
import { smoothLosses, suggestLearningRate } from '../core/explore/lr-finder';
import type { LrRangePointInfo, LrRangeSettings, TrainerEvent } from '../worker/protocol';
import { datasetRefOf, sharedTrainerClient } from './training-service';
import { useAppStore } from './store';
import { variantWeights } from './variant-weights';
import { selectActiveVariant } from './selectors';

export const DEFAULT_RANGE: LrRangeSettings = { minLr: 1e-5, maxLr: 1, steps: 150 };

export interface LrFinderState {
  status: 'idle' | 'running' | 'done' | 'error';
  requestId: string | null;
  variantId: string | null;
  points: LrRangePointInfo[];
  steps: number;
  suggestion: number | null;
  /** Why no suggestion (or the failure). */
  message: string | null;
}

export const useLrFinderStore = create<LrFinderState>()(() => ({
  status: 'idle',
  requestId: null,
  variantId: null,
  points: [],
  steps: DEFAULT_RANGE.steps,
  suggestion: null,
  message: null,
}));

let sequence = 0;
let off: (() => void) | null = null;

/** Starts a range test of the active variant with the Train tab's settings (batch, optimizer, subset, dataset). */
export function startLrFinder(range: LrRangeSettings = DEFAULT_RANGE): string | null {
  const app = useAppStore.getState();
  const variant = selectActiveVariant(app);
  if (!variant) return null;
  if (useLrFinderStore.getState().status === 'running') return null;
  const live = app.liveRun;
  if (live && (live.status === 'running' || live.status === 'paused')) {
    app.notify('error', 'A run is training: find the learning rate after it finishes.');
    return null;
  }
  const requestId = `lr-${Date.now().toString(36)}-${++sequence}`;
  useLrFinderStore.setState({ status: 'running', requestId, variantId: variant.id, points: [], steps: range.steps, suggestion: null, message: null });
  const client = sharedTrainerClient();
  off?.();
  off = client.subscribe((ev: TrainerEvent) => {
    const lost = ev.type === 'error' && ev.runId === undefined;
    if (lost) return finish({ status: 'error', message: ev.message });
    if (ev.type !== 'lr-range-progress' && ev.type !== 'lr-range-done' && ev.type !== 'lr-range-error') return;
    if (ev.requestId !== requestId) return;
    if (ev.type === 'lr-range-progress') {
      useLrFinderStore.setState((s) => ({ points: withCoreSmoothing([...s.points, ...ev.points]) }));
      return;
    }
    if (ev.type === 'lr-range-error') return finish({ status: 'error', message: ev.message });
    const points = withCoreSmoothing(ev.points);
    const s = suggestLearningRate(
      points.map((p) => p.lr),
      points.map((p) => p.smoothed),
    );
    if ('error' in s) finish({ status: 'done', points, suggestion: null, message: `No suggestion: ${s.error}.` });
    else finish({ status: 'done', points, suggestion: Number(s.lr.toPrecision(2)), message: null });
  });
  const dataset = datasetRefOf(app.dataset);
  const initialWeights = variantWeights(variant.id);
  client.send({
    type: 'lr-range',
    requestId,
    design: variant.design,
    config: app.trainingConfig,
    dataset,
    backend: app.trainingBackend,
    range,
    ...(initialWeights ? { initialWeights } : {}),
  });
  return requestId;
}

/** The points with the core's smoothing (src/core/explore/lr-finder.ts smoothLosses, β = 0.98), which the suggestion rule expects. */
function withCoreSmoothing(points: readonly LrRangePointInfo[]): LrRangePointInfo[] {
  const smoothed = smoothLosses(points.map((p) => p.loss));
  return points.map((p, i) => ({ ...p, smoothed: smoothed[i] }));
}

function finish(patch: Partial<LrFinderState>): void {
  off?.();
  off = null;
  useLrFinderStore.setState(patch);
}

/** Ends the range test after its current step (the points so far are kept and a suggestion is made from them). */
export function stopLrFinder(): void {
  const { requestId, status } = useLrFinderStore.getState();
  if (status === 'running' && requestId) sharedTrainerClient().send({ type: 'lr-range-stop', requestId });
}

/** Sets the Train tab's learning rate to the suggestion (nothing else changes). */
export function applyLrSuggestion(): void {
  const s = useLrFinderStore.getState().suggestion;
  if (s !== null) useAppStore.getState().setTrainingConfig({ learningRate: s });
}
