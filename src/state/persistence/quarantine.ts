import { promisifyRequest, type UseStore } from 'idb-keyval';
import type { RecordRead } from './record-schema';
import { recordName } from './record-schema';

/**
 * Records that fail to load are never rendered and never deleted silently. A damaged record is moved, in one
 * transaction, to `quarantine:<its key>` in the same object store (with the reason), so it stops failing on
 * every load but can still be recovered from the browser's storage. A record written by a newer app version
 * is left untouched where it is (that version can still read it).
 */
export const QUARANTINE_PREFIX = 'quarantine:';

export interface QuarantinedRecord {
  key: string;
  value: unknown;
  reason: string;
  setAsideAt: number;
}

/** One record that was not loaded: what it is (a name for messages) and why. */
export interface SkippedRecord {
  key: string;
  name: string;
  error: string;
  /** Written by a newer version: left as is rather than set aside. */
  newer: boolean;
  /** The value as read (for the quarantine copy). */
  value: unknown;
}

export function skippedRecord(key: string, value: unknown, read: Extract<RecordRead<unknown>, { ok: false }>): SkippedRecord {
  return { key, name: recordName(key, value), error: read.error, newer: read.newer, value };
}

/** Moves the damaged records (not the newer-version ones) to quarantine keys, atomically. */
export async function setAside(store: UseStore, skipped: readonly SkippedRecord[], now = Date.now()): Promise<void> {
  const damaged = skipped.filter((s) => !s.newer);
  if (damaged.length === 0) return;
  await store('readwrite', (os) => {
    for (const s of damaged) {
      const copy: QuarantinedRecord = { key: s.key, value: s.value, reason: s.error, setAsideAt: now };
      os.put(copy, `${QUARANTINE_PREFIX}${s.key}`);
      os.delete(s.key);
    }
    return promisifyRequest(os.transaction);
  });
}

const LISTED = 3;

function list(items: readonly SkippedRecord[]): string {
  const shown = items.slice(0, LISTED).map((s) => `${s.name} (${s.error})`);
  const more = items.length > LISTED ? `; and ${items.length - LISTED} more` : '';
  return `${shown.join('; ')}${more}`;
}

/** Notice texts naming what was skipped: one for damaged records, one for newer-version records. */
export function skippedNotices(skipped: readonly SkippedRecord[], noun: string): string[] {
  const out: string[] = [];
  const damaged = skipped.filter((s) => !s.newer);
  const newer = skipped.filter((s) => s.newer);
  const n = (count: number) => `${count} ${noun}${count > 1 ? 's' : ''}`;
  if (damaged.length > 0) {
    const keys = damaged
      .map((s) => `${QUARANTINE_PREFIX}${s.key}`)
      .slice(0, LISTED)
      .join(', ');
    out.push(
      `${n(damaged.length)} could not be read (damaged data) and ${damaged.length > 1 ? 'were' : 'was'} set aside, not loaded: ${list(damaged)}. ` +
        `Kept in this browser's storage as ${keys}${damaged.length > LISTED ? ', …' : ''}.`,
    );
  }
  if (newer.length > 0) {
    out.push(`${n(newer.length)} ${newer.length > 1 ? 'were' : 'was'} saved by a newer version of Sora Designer and left untouched: ${list(newer)}.`);
  }
  return out;
}
