import type { DatasetRef, ProbeRequest, ProbeResult, TrainerEvent, WeightsBlob } from '../worker/protocol';
import type { Design } from '../core/graph/types';
import { latestTrainedRun } from '../core/compare/run-summary';
import { loadRunWeights, type RunRecord } from './persistence/runs-db';
import { sharedTrainerClient } from './slices/training-slice';
import type { TrainerClient } from '../worker/worker-client';

export type { ProbeRequest, ProbeResult };

let sequence = 0;
const pending = new Map<string, { resolve(r: ProbeResult): void; reject(e: Error): void }>();
const subscribed = new WeakSet<TrainerClient>();

function onEvent(ev: TrainerEvent): void {
  if (ev.type !== 'probe-result' && ev.type !== 'probe-error' && ev.type !== 'dataset-error') return;
  const p = pending.get(ev.requestId);
  if (!p) return;
  pending.delete(ev.requestId);
  if (ev.type === 'probe-result') p.resolve(ev.result);
  else p.reject(new Error(ev.message));
}

/**
 * Sends one Inspect request to the training worker and resolves with its answer (rejects with the worker's
 * message, or when the worker dies: the client answers pending requests with dataset-error then).
 */
export function sendProbe(request: ProbeRequest, dataset?: DatasetRef, client: TrainerClient = sharedTrainerClient()): Promise<ProbeResult> {
  if (!subscribed.has(client)) {
    subscribed.add(client);
    client.subscribe(onEvent);
  }
  const requestId = `probe-${Date.now().toString(36)}-${(++sequence).toString(36)}`;
  return new Promise<ProbeResult>((resolve, reject) => {
    pending.set(requestId, { resolve, reject });
    client.send({ type: 'probe', requestId, request, ...(dataset ? { dataset } : {}) });
  });
}

/** The model a variant is inspected with: its newest trained run (design as trained + weights), else its design freshly initialised. */
export interface InspectModel {
  design: Design;
  weights?: WeightsBlob;
  /** "fresh weights" or "run of 12:03 (98.7%)". */
  label: string;
}

export async function inspectModelFor(
  variantId: string,
  design: Design,
  runs: readonly RunRecord[],
  useTrained: boolean,
  load: (id: string) => Promise<WeightsBlob | undefined> = loadRunWeights,
): Promise<InspectModel> {
  const run = useTrained ? latestTrainedRun(variantId, runs) : null;
  if (!run) return { design, label: useTrained ? 'fresh weights (no trained run yet)' : 'fresh weights' };
  const weights = await load(run.id);
  if (!weights) return { design, label: 'fresh weights (the run’s weights were not saved)' };
  const acc = run.final ? ` · ${(run.final.testAccuracy * 100).toFixed(1)}% test` : '';
  return { design: run.design, weights, label: `trained run of ${new Date(run.startedAt).toLocaleTimeString()}${acc}` };
}

/** The dataset the Train tab uses, as the worker addresses it (the effective receptive field averages over its test images). */
export { datasetRefOf } from './training-service';
