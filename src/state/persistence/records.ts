import type { Variant } from '../types';

/**
 * What IndexedDB holds for one variant id. Every successful save bumps `revision` by one, so a tab
 * that saves from an older revision than the stored one knows another tab wrote in between.
 * A deleted variant keeps its record as a tombstone (`variant: null`) so the deletion has a
 * revision too and a stale tab cannot silently resurrect or overwrite it.
 */
export interface StoredVariant {
  id: string;
  revision: number;
  variant: Variant | null;
  /** Tab id of the writer. */
  savedBy: string;
  savedAt: number;
}

/** Per-database metadata: list order and which variant was active when a tab last saved. */
export interface StoredMeta {
  activeVariantId: string | null;
  /** Variant ids in sidebar order. */
  order: string[];
  savedBy: string;
  savedAt: number;
}

/** What this tab last read from or wrote to the database for one variant id. */
export interface SyncEntry {
  revision: number;
  /** The exact object (by reference) that was stored; null for a tombstone. */
  variant: Variant | null;
}

/**
 * Unsaved changes a tab wrote in one blind put while its page was being hidden for good (pagehide):
 * a read-modify-write cannot finish during unload. The next tab to start replays them through the
 * normal revision checks, so they still cannot overwrite anything silently.
 */
export interface PendingSave {
  tabId: string;
  savedAt: number;
  entries: { id: string; base: number; variant: Variant | null }[];
  activeVariantId: string | null;
  order: string[];
}

/** Message posted on the BroadcastChannel after a tab wrote variant records. */
export interface SavedMessage {
  type: 'saved';
  from: string;
  ids: string[];
}

export const CHANNEL_NAME = 'sora-designer';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the structure of a variant read back from storage (a corrupted record is skipped, not crashed on). */
export function isStoredVariant(value: unknown): value is StoredVariant {
  if (!isObject(value)) return false;
  if (typeof value.id !== 'string' || typeof value.revision !== 'number' || !Number.isInteger(value.revision)) return false;
  if (value.variant === null) return true;
  const v = value.variant;
  if (!isObject(v) || v.id !== value.id || typeof v.name !== 'string') return false;
  if (typeof v.createdAt !== 'number' || typeof v.updatedAt !== 'number') return false;
  const d = v.design;
  return isObject(d) && typeof d.name === 'string' && Array.isArray(d.blocks) && Array.isArray(d.edges);
}

export function isStoredMeta(value: unknown): value is StoredMeta {
  return (
    isObject(value) &&
    (value.activeVariantId === null || typeof value.activeVariantId === 'string') &&
    Array.isArray(value.order) &&
    value.order.every((id) => typeof id === 'string')
  );
}

export function isPendingSave(value: unknown): value is PendingSave {
  if (!isObject(value) || typeof value.tabId !== 'string' || !Array.isArray(value.entries)) return false;
  if (!Array.isArray(value.order) || !(value.activeVariantId === null || typeof value.activeVariantId === 'string')) return false;
  return value.entries.every(
    (e: unknown) =>
      isObject(e) &&
      typeof e.base === 'number' &&
      isStoredVariant({ id: e.id, revision: 0, variant: e.variant }),
  );
}

export function isSavedMessage(value: unknown): value is SavedMessage {
  return (
    isObject(value) &&
    value.type === 'saved' &&
    typeof value.from === 'string' &&
    Array.isArray(value.ids) &&
    value.ids.every((id) => typeof id === 'string')
  );
}
