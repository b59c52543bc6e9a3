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

// Records read back from IndexedDB are migrated and validated in record-schema.ts.

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
