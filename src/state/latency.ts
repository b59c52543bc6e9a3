import { createStore, del, entries, set as idbSet, type UseStore } from 'idb-keyval';
import { create } from 'zustand';
import type { Design } from '../core/graph/types';
import type { LatencyProfile, VariantLatency } from '../core/profile/latency-types';
import type { BackendPreference, TrainerEvent } from '../worker/protocol';
import type { TrainerClient } from '../worker/worker-client';

export type { LatencyProfile, VariantLatency };

/** Batch sizes "Measure on this device" times: one image (latency) and a training-size batch (throughput). */
export const MEASURED_BATCHES = [1, 32];

/** What the canvas colours blocks by. */
export type OverlayMetric = 'none' | 'params' | 'macs' | 'activations' | 'latency';

export interface LatencyState {
  /** Measurements by variant id (memory; mirrored to IndexedDB 'sora-variant-latency'). */
  byVariant: Record<string, VariantLatency>;
  /** Variant being measured, or null. */
  measuring: string | null;
  /** Last measurement problem, by variant id. */
  errors: Record<string, string>;
  overlay: OverlayMetric;
  setOverlay(metric: OverlayMetric): void;
}

export const useLatencyStore = create<LatencyState>()((set) => ({
  byVariant: {},
  measuring: null,
  errors: {},
  overlay: 'none',
  setOverlay: (overlay) => set({ overlay }),
}));

/**
 * What determines speed: block kinds, parameters and wiring — not names, positions or the viewport. A
 * measurement whose key differs from the design's current key is stale (the design was edited since).
 */
export function designLatencyKey(design: Design): string {
  const blocks = design.blocks.map((b) => [b.id, b.kind, b.params]);
  const edges = design.edges.map((e) => [e.source, e.target, e.targetIndex ?? 0]);
  return JSON.stringify([blocks, edges]);
}

/** The variant's measurement if it still matches the design. */
export function currentLatency(
  all: Record<string, VariantLatency>,
  variantId: string | null | undefined,
  design: Design | undefined,
): VariantLatency | null {
  if (!variantId || !design) return null;
  const m = all[variantId];
  return m && m.designKey === designLatencyKey(design) ? m : null;
}

export function profileAt(m: VariantLatency | null | undefined, batch: number): LatencyProfile | undefined {
  return m?.profiles.find((p) => p.batch === batch);
}

/** "wasm · 1 thread · batch 1 and 32 · median of 10 runs" — what the numbers are. */
export function describeMeasurement(m: VariantLatency): string {
  const p = m.profiles[0];
  if (!p) return m.backendDetail;
  const threads = p.threads === null ? '' : ` · ${p.threads} thread${p.threads === 1 ? '' : 's'}`;
  const batches = m.profiles.map((x) => x.batch).join(' and ');
  const runs = Math.min(...m.profiles.map((x) => x.runs));
  return `${p.backend}${threads} · batch ${batches} · median of ≥${runs} runs · ${new Date(m.measuredAt).toLocaleTimeString()}`;
}

let idb: UseStore | null = null;
const hasIdb = () => typeof indexedDB !== 'undefined';
const latencyDb = () => (idb ??= createStore('sora-variant-latency', 'latency'));

/** Loads saved measurements into memory (once, at start-up); a broken store only loses the measurements. */
export async function hydrateLatency(): Promise<void> {
  if (!hasIdb()) return;
  const saved = await entries<string, VariantLatency>(latencyDb());
  useLatencyStore.setState((s) => {
    const byVariant = { ...s.byVariant };
    for (const [id, m] of saved) if (!byVariant[id] && Array.isArray(m?.profiles)) byVariant[id] = m;
    return { byVariant };
  });
}

export function forgetLatency(variantId: string): void {
  useLatencyStore.setState((s) => {
    const { [variantId]: _gone, ...byVariant } = s.byVariant;
    return { byVariant };
  });
  if (hasIdb()) del(variantId, latencyDb()).catch(() => undefined);
}

let sequence = 0;

/**
 * Measures a variant's inference latency in the training worker (on the training backend preference) at
 * MEASURED_BATCHES, and stores the result with the variant. Resolves with the measurement; rejects with the
 * worker's message (also kept in `errors`).
 */
export function measureVariantLatency(
  client: TrainerClient,
  variantId: string,
  design: Design,
  backend: BackendPreference,
  runs?: number,
): Promise<VariantLatency> {
  const requestId = `profile-${Date.now().toString(36)}-${++sequence}`;
  const designKey = designLatencyKey(design);
  useLatencyStore.setState((s) => {
    const { [variantId]: _old, ...errors } = s.errors;
    return { measuring: variantId, errors };
  });
  return new Promise<VariantLatency>((resolve, reject) => {
    const off = client.subscribe((ev: TrainerEvent) => {
      // An error without a run is the worker dying (the client replaces it): the measurement is lost.
      const lost = ev.type === 'error' && ev.runId === undefined;
      if (!lost && !((ev.type === 'profiled' || ev.type === 'profile-error') && ev.requestId === requestId)) return;
      off();
      if (ev.type === 'profiled') {
        const m: VariantLatency = { designKey, measuredAt: Date.now(), backendDetail: ev.backendDetail, profiles: ev.profiles };
        useLatencyStore.setState((s) => ({ measuring: null, byVariant: { ...s.byVariant, [variantId]: m } }));
        if (hasIdb()) idbSet(variantId, m, latencyDb()).catch(() => undefined);
        resolve(m);
        return;
      }
      const message = ev.type === 'profile-error' || ev.type === 'error' ? ev.message : 'The measurement failed.';
      useLatencyStore.setState((s) => ({ measuring: null, errors: { ...s.errors, [variantId]: message } }));
      reject(new Error(message));
    });
    client.send({ type: 'profile', requestId, design, batches: MEASURED_BATCHES, backend, ...(runs ? { runs } : {}) });
  });
}

// Saved measurements come back with the page (the module loads with the editor).
if (hasIdb()) hydrateLatency().catch(() => undefined);
