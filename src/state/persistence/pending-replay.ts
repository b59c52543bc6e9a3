import type { Variant } from '../types';
import type { PendingSave, SyncEntry } from './records';

/**
 * Replays changes that closed tabs recorded on pagehide: each becomes a local unsaved edit on top
 * of the revision it was based on (its `sync` entry is rewound to that base), so the first save
 * applies it or settles the conflict. Returns the new list, the active id the newest closed tab
 * had, and the tab ids whose records can be deleted once saved.
 */
export function replayPending(
  pending: readonly PendingSave[],
  list: readonly Variant[],
  sync: Map<string, SyncEntry>,
  makeId: () => string,
): { list: Variant[]; active: string | null; tabIds: string[] } {
  let active: string | null = null;
  const tabIds: string[] = [];
  const byId = new Map(list.map((v) => [v.id, v] as const));
  let order: string[] = list.map((v) => v.id);
  const claimed = new Set<string>();
  for (const p of [...pending].sort((a, b) => a.savedAt - b.savedAt)) {
    tabIds.push(p.tabId);
    for (const e of p.entries) {
      if (claimed.has(e.id)) {
        // Two closed tabs changed the same variant: keep the later one as a separate variant.
        if (e.variant) {
          const copy = { ...e.variant, id: makeId(), name: `${e.variant.name} (unsaved copy)` };
          byId.set(copy.id, copy);
          order.push(copy.id);
        }
        continue;
      }
      claimed.add(e.id);
      const stored = sync.get(e.id);
      if (stored) sync.set(e.id, { revision: e.base, variant: stored.variant });
      if (e.variant) byId.set(e.id, e.variant);
      else byId.delete(e.id);
    }
    order = [...p.order, ...order.filter((id) => !p.order.includes(id))];
    active = p.activeVariantId;
  }
  const rank = new Map(order.map((id, i) => [id, i] as const));
  const next = [...byId.values()].sort((a, b) => (rank.get(a.id) ?? order.length) - (rank.get(b.id) ?? order.length));
  return { list: next, active, tabIds };
}
