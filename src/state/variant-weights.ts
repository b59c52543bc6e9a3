import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { WeightsBlob } from '../worker/protocol';

/**
 * Weights that came with a variant's import (an ONNX model's), by variant id: kept in memory for a synchronous
 * look-up when a run starts, and in IndexedDB (database 'sora-variant-weights') across reloads. A run of the
 * variant starts from them (matched to the compiled layers by name and shape), so an imported network can be
 * fine-tuned and evaluated right away.
 */
const cache = new Map<string, WeightsBlob>();
let store: UseStore | null = null;
const hasIdb = () => typeof indexedDB !== 'undefined';
function weightsStore(): UseStore {
  store ??= createStore('sora-variant-weights', 'weights');
  return store;
}

/** The imported weights of a variant, if it has any (after hydrateVariantWeights on a reload). */
export function variantWeights(variantId: string): WeightsBlob | undefined {
  return cache.get(variantId);
}

export async function saveVariantWeights(variantId: string, weights: WeightsBlob): Promise<void> {
  cache.set(variantId, weights);
  if (hasIdb()) await set(variantId, weights, weightsStore());
}

export async function deleteVariantWeights(variantId: string): Promise<void> {
  cache.delete(variantId);
  if (hasIdb()) await del(variantId, weightsStore());
}

/** Loads every saved variant's weights into memory (once per page, at start-up). */
export async function hydrateVariantWeights(): Promise<void> {
  if (!hasIdb()) return;
  for (const [id, blob] of await entries<string, WeightsBlob>(weightsStore())) if (!cache.has(id)) cache.set(id, blob);
}
