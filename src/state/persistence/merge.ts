import type { Notice, Variant } from '../types';
import type { StoredVariant, SyncEntry } from './records';

/**
 * Pure decisions of the multi-tab autosave. A tab remembers, per variant id, the revision its copy
 * derives from (its "base"). Saving from an out-of-date base is a conflict; conflicts are settled
 * so that no tab's version is ever dropped.
 */

export type SaveDecision =
  | { kind: 'write'; record: StoredVariant }
  /** The stored record is already what we want (e.g. both tabs deleted the variant). */
  | { kind: 'in-sync'; stored: StoredVariant }
  | { kind: 'conflict'; stored: StoredVariant };

/** Runs inside the read-write transaction: may this tab write `local` (null = delete) on top of `stored`? */
export function decideSave(
  id: string,
  stored: StoredVariant | undefined,
  base: number,
  local: Variant | null,
  tabId: string,
  now: number,
): SaveDecision {
  const storedRevision = stored?.revision ?? 0;
  // storedRevision < base only when the database was cleared under us: nothing there to lose.
  if (!stored || storedRevision <= base) {
    const revision = Math.max(storedRevision, base) + 1;
    return { kind: 'write', record: { id, revision, variant: local, savedBy: tabId, savedAt: now } };
  }
  if (stored.variant === null && local === null) return { kind: 'in-sync', stored };
  return { kind: 'conflict', stored };
}

export interface NoticeText {
  kind: Notice['kind'];
  text: string;
}

export interface ConflictResolution {
  /** New base for this id: the stored record, so the next save writes on top of it. */
  sync: SyncEntry;
  /** Put this variant back into the local list (replacing a local deletion). */
  restore?: Variant;
  /** Add this variant (the other tab's version) to the local list. */
  copy?: Variant;
  notice: NoticeText | null;
}

/**
 * Same name and design, ignoring the viewport (view state, not content): two tabs that made
 * identical changes, or only panned, are not in conflict.
 */
export function sameContent(a: Variant, b: Variant): boolean {
  const content = (v: Variant) => JSON.stringify({ ...v.design, viewport: undefined });
  return a.name === b.name && content(a) === content(b);
}

/** `base`, or `base 2`, `base 3`… whichever is not taken. */
function freeName(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** The other tab's version as a new variant "<name> (from other tab)". */
export function conflictCopy(remote: Variant, id: string, now: number, takenNames: ReadonlySet<string>): Variant {
  return {
    ...remote,
    id,
    name: freeName(takenNames, `${remote.name} (from other tab)`),
    createdAt: now,
    updatedAt: now,
    forkedFrom: remote.id,
  };
}

/** Settles a save conflict for `local` (null = this tab deleted it) against the newer `stored` record. */
export function resolveConflict(
  local: Variant | null,
  stored: StoredVariant,
  ctx: { newId: () => string; now: number; takenNames: ReadonlySet<string> },
): ConflictResolution {
  const sync: SyncEntry = { revision: stored.revision, variant: stored.variant };
  const remote = stored.variant;
  if (local && remote) {
    if (sameContent(local, remote)) return { sync, notice: null };
    const copy = conflictCopy(remote, ctx.newId(), ctx.now, ctx.takenNames);
    return {
      sync,
      copy,
      notice: {
        kind: 'info',
        text: `“${local.name}” was also changed in another tab. Both versions are kept: theirs is “${copy.name}”.`,
      },
    };
  }
  if (local && !remote) {
    return {
      sync,
      notice: { kind: 'info', text: `“${local.name}” was deleted in another tab; your edited version is kept.` },
    };
  }
  if (!local && remote) {
    return {
      sync,
      restore: remote,
      notice: { kind: 'info', text: `“${remote.name}” was changed in another tab, so it was restored instead of deleted.` },
    };
  }
  return { sync, notice: null };
}

export type IncomingAction =
  /** Nothing new (we already have this revision or a later one). */
  | { kind: 'ignore' }
  /** Our copy has unsaved edits: save now; the save settles the conflict. */
  | { kind: 'save-first' }
  /** Take the stored version (null = remove the variant locally). */
  | { kind: 'adopt'; variant: Variant | null; sync: SyncEntry };

/** What to do when another tab announces it saved `stored`. */
export function reconcileIncoming(local: Variant | undefined, sync: SyncEntry | undefined, stored: StoredVariant): IncomingAction {
  if (sync && stored.revision <= sync.revision) return { kind: 'ignore' };
  const synced = sync ? sync.variant : null;
  const dirty = (local ?? null) !== synced;
  if (dirty) return { kind: 'save-first' };
  return { kind: 'adopt', variant: stored.variant, sync: { revision: stored.revision, variant: stored.variant } };
}

/**
 * Applies per-id replacements (null removes) and appends variants with new ids (oldest first).
 * Returns the same array when nothing changed.
 */
export function applyVariantChanges(variants: Variant[], changes: ReadonlyMap<string, Variant | null>): Variant[] {
  if (changes.size === 0) return variants;
  let changed = false;
  const next: Variant[] = [];
  const present = new Set<string>();
  for (const v of variants) {
    present.add(v.id);
    if (!changes.has(v.id)) {
      next.push(v);
      continue;
    }
    const replacement = changes.get(v.id) ?? null;
    if (replacement !== v) changed = true;
    if (replacement) next.push(replacement);
  }
  const added = [...changes.entries()]
    .filter(([id, v]) => v !== null && !present.has(id))
    .map(([, v]) => v as Variant)
    .sort((a, b) => a.createdAt - b.createdAt);
  if (added.length > 0) changed = true;
  return changed ? [...next, ...added] : variants;
}

/** Variants of the stored records (tombstones dropped) in the saved order; unknown ones after, oldest first. */
export function liveVariants(records: readonly StoredVariant[], order: readonly string[] = []): Variant[] {
  const rank = new Map(order.map((id, i) => [id, i] as const));
  const key = (v: Variant): number => rank.get(v.id) ?? order.length;
  return records
    .map((r) => r.variant)
    .filter((v): v is Variant => v !== null)
    .sort((a, b) => key(a) - key(b) || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}
