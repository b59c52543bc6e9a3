import { newId as defaultNewId } from '../../core/graph/factory';
import type { NoticeSlice, Variant, VariantsSlice } from '../types';
import type { PersistenceDb } from './idb-db';
import {
  applyVariantChanges,
  decideSave,
  liveVariants,
  reconcileIncoming,
  resolveConflict,
  sameContent,
  type NoticeText,
  type SaveDecision,
} from './merge';
import { replayPending } from './pending-replay';
import { skippedNotices } from './quarantine';
import { CHANNEL_NAME, isSavedMessage, type PendingSave, type SavedMessage, type SyncEntry } from './records';
import type { AutosaveStatus } from './status';
import { errorMessage } from '../../core/result';

/** The part of the app store the autosave needs (a plain zustand store in tests). */
export interface AutosaveStore {
  getState(): VariantsSlice & Pick<NoticeSlice, 'notify'>;
  subscribe(listener: (state: VariantsSlice, prev: VariantsSlice) => void): () => void;
}

export interface AutosaveOptions {
  db: PersistenceDb;
  tabId?: string;
  debounceMs?: number;
  channelName?: string;
  newId?: () => string;
  now?: () => number;
  /** Runs store changes made by the autosave itself (hydration, other tabs' saves); the app keeps them out of undo. */
  applyQuietly?: (fn: () => void) => void;
  onStatus?: (status: Partial<AutosaveStatus>) => void;
}

export interface Autosave {
  readonly tabId: string;
  /** Loads IndexedDB into the store, then starts saving changes and listening to other tabs. */
  hydrate(): Promise<void>;
  /** Writes pending changes now (resolves when written). */
  flush(): Promise<void>;
  /**
   * For pagehide: records unsaved changes with one blind put (issued before this returns to the
   * event loop, so it survives the unload), then also starts a normal save.
   */
  flushOnExit(): Promise<void>;
  stop(): void;
}

const MAX_CONFLICT_PASSES = 5;

const newerVersionNotice = (name: string): string =>
  `“${name}” was saved by a newer version of Sora Designer (in another tab or window); this tab's changes to it are not saved, so that version is not overwritten.`;

export function createAutosave(store: AutosaveStore, options: AutosaveOptions): Autosave {
  const { db } = options;
  const tabId = options.tabId ?? defaultNewId('tab');
  const debounceMs = options.debounceMs ?? 300;
  const makeId = options.newId ?? (() => defaultNewId('v'));
  const now = options.now ?? Date.now;
  const applyQuietly = options.applyQuietly ?? ((fn: () => void) => fn());
  const status = options.onStatus ?? (() => undefined);

  /** Per variant id: the revision and object this tab last read or wrote. */
  const sync = new Map<string, SyncEntry>();
  let lastMetaKey = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();
  let channel: BroadcastChannel | null = null;
  let unsubscribe: (() => void) | null = null;
  let running = false;
  /** Pending-save keys to delete once everything is saved: ours (after pagehide) and replayed ones. */
  let pendingToDelete = new Set<string>();

  const fail = (err: unknown): void => {
    const message = errorMessage(err);
    status({ phase: 'error', error: message });
    store.getState().notify('error', `Autosave failed: ${message}`);
  };

  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = chain.then(task).catch(fail);
    chain = run;
    return run;
  };

  const applyChanges = (changes: Map<string, Variant | null>): void => {
    if (changes.size === 0) return;
    applyQuietly(() => {
      const s = store.getState();
      const next = applyVariantChanges(s.variants, changes);
      if (next !== s.variants) s.hydrateVariants(next, s.activeVariantId);
    });
  };

  const announce = (notices: NoticeText[]): void => {
    const { notify } = store.getState();
    for (const n of notices) notify(n.kind, n.text);
  };

  /** One pass over all dirty variants; true when a conflict was settled (another pass is needed). */
  async function savePass(): Promise<boolean> {
    const state = store.getState();
    const local = new Map(state.variants.map((v) => [v.id, v] as const));
    const takenNames = new Set(state.variants.map((v) => v.name));
    const changes = new Map<string, Variant | null>();
    const notices: NoticeText[] = [];
    const written: string[] = [];
    let conflicted = false;
    for (const id of new Set([...local.keys(), ...sync.keys()])) {
      const mine = local.get(id) ?? null;
      const entry = sync.get(id);
      if (mine === (entry ? entry.variant : null)) continue;
      const at = now();
      let decision: SaveDecision | undefined;
      const outcome = await db.updateVariant(id, (stored) => {
        decision = decideSave(id, stored, entry?.revision ?? 0, mine, tabId, at);
        return decision.kind === 'write' ? decision.record : decision.stored;
      });
      if (outcome === 'newer') {
        // A newer app version saved this variant: leave its record alone and say so once (until the next edit).
        sync.set(id, { revision: entry?.revision ?? 0, variant: mine });
        notices.push({ kind: 'error', text: newerVersionNotice(mine?.name ?? id) });
        continue;
      }
      if (!decision) throw new Error(`no save decision for variant ${id}`);
      if (decision.kind === 'write') {
        sync.set(id, { revision: decision.record.revision, variant: mine });
        written.push(id);
      } else if (decision.kind === 'in-sync') {
        sync.set(id, { revision: decision.stored.revision, variant: null });
      } else {
        conflicted = true;
        const res = resolveConflict(mine, decision.stored, { newId: makeId, now: at, takenNames });
        // Identical content: adopt the stored revision for our object, nothing more to write.
        const same = !res.notice && mine !== null && decision.stored.variant !== null;
        sync.set(id, same ? { revision: res.sync.revision, variant: mine } : res.sync);
        if (res.restore) changes.set(id, res.restore);
        if (res.copy) {
          changes.set(res.copy.id, res.copy);
          takenNames.add(res.copy.name);
        }
        if (res.notice) notices.push(res.notice);
      }
    }
    applyChanges(changes);
    announce(notices);
    if (written.length > 0) {
      const message: SavedMessage = { type: 'saved', from: tabId, ids: written };
      channel?.postMessage(message);
    }
    return conflicted;
  }

  /** Variants whose local object differs from what was last synced (null = deleted here). */
  function dirtyEntries(): PendingSave['entries'] {
    const local = new Map(store.getState().variants.map((v) => [v.id, v] as const));
    const out: PendingSave['entries'] = [];
    for (const id of new Set([...local.keys(), ...sync.keys()])) {
      const mine = local.get(id) ?? null;
      const entry = sync.get(id);
      if (mine !== (entry ? entry.variant : null)) out.push({ id, base: entry?.revision ?? 0, variant: mine });
    }
    return out;
  }

  const metaKeyOf = (s: VariantsSlice): string => JSON.stringify([s.activeVariantId, s.variants.map((v) => v.id)]);

  async function saveMeta(): Promise<void> {
    const s = store.getState();
    const order = s.variants.map((v) => v.id);
    const key = metaKeyOf(s);
    if (key === lastMetaKey) return;
    await db.putMeta({ activeVariantId: s.activeVariantId, order, savedBy: tabId, savedAt: now() });
    lastMetaKey = key;
  }

  async function saveDirty(): Promise<void> {
    if (!running) return;
    for (let pass = 0; pass < MAX_CONFLICT_PASSES; pass++) {
      if (!(await savePass())) break;
    }
    await saveMeta();
    if (pendingToDelete.size > 0 && dirtyEntries().length === 0) {
      const keys = [...pendingToDelete];
      pendingToDelete = new Set();
      await db.deletePending(keys);
    }
    if (timer === null) status({ phase: 'saved', savedAt: now(), error: null });
  }

  /** Another tab saved `ids`: take their versions of variants we have not changed since. */
  async function receive(ids: string[]): Promise<void> {
    if (!running) return;
    const records = await db.getVariants(ids);
    const state = store.getState();
    const local = new Map(state.variants.map((v) => [v.id, v] as const));
    const changes = new Map<string, Variant | null>();
    let mustSave = false;
    for (const record of records) {
      if (!record) continue;
      const action = reconcileIncoming(local.get(record.id), sync.get(record.id), record);
      if (action.kind === 'adopt') {
        sync.set(record.id, action.sync);
        changes.set(record.id, action.variant);
      } else if (action.kind === 'save-first') {
        mustSave = true;
      }
    }
    applyChanges(changes);
    if (mustSave) await saveDirty();
  }

  function schedule(): void {
    if (!running) return;
    status({ phase: 'pending' });
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void enqueue(saveDirty);
    }, debounceMs);
  }

  function flush(): Promise<void> {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    return enqueue(saveDirty);
  }

  async function load(): Promise<void> {
    const initial = store.getState().variants;
    const { records, meta, pending, skipped } = await db.loadAll();
    for (const r of records) sync.set(r.id, { revision: r.revision, variant: r.variant });
    const replayed = replayPending(pending, liveVariants(records, meta?.order), sync, makeId);
    for (const id of replayed.tabIds) pendingToDelete.add(id);
    const saved = replayed.list;
    const activeId = replayed.active ?? meta?.activeVariantId ?? null;
    if (saved.length > 0) {
      const current = store.getState();
      // Keep anything created or edited while loading; the startup default is replaced unless its
      // content (not just its view) was changed.
      const before = new Map(initial.map((v) => [v.id, v] as const));
      const extras = current.variants.filter((v) => {
        if (sync.has(v.id)) return false;
        const was = before.get(v.id);
        return !was || !sameContent(was, v);
      });
      applyQuietly(() => current.hydrateVariants([...saved, ...extras], activeId));
    }
    const groups: [string, string][] = [
      ['variant:', 'saved variant'],
      ['pending:', 'unsaved change from a closed tab'],
      ['meta', 'saved variant order'],
    ];
    for (const [prefix, noun] of groups) {
      for (const text of skippedNotices(
        skipped.filter((s) => s.key.startsWith(prefix)),
        noun,
      ))
        store.getState().notify('error', text);
    }
  }

  return {
    tabId,
    async hydrate() {
      status({ phase: 'loading' });
      try {
        await load();
      } catch (err) {
        const message = errorMessage(err);
        status({ phase: 'error', error: message });
        store.getState().notify('error', `Saved variants could not be loaded, autosave is off: ${message}`);
        return;
      }
      running = true;
      unsubscribe = store.subscribe((s, prev) => {
        if (s.variants !== prev.variants || s.activeVariantId !== prev.activeVariantId) schedule();
      });
      if (typeof BroadcastChannel !== 'undefined') {
        channel = new BroadcastChannel(options.channelName ?? CHANNEL_NAME);
        channel.onmessage = (event: MessageEvent<unknown>) => {
          const data = event.data;
          if (isSavedMessage(data) && data.from !== tabId) void enqueue(() => receive(data.ids));
        };
      }
      await enqueue(saveDirty);
    },
    flushOnExit() {
      if (!running) return Promise.resolve();
      const entries = dirtyEntries();
      const s = store.getState();
      if (entries.length === 0 && metaKeyOf(s) === lastMetaKey) return Promise.resolve();
      pendingToDelete.add(tabId);
      const pending: PendingSave = {
        tabId,
        savedAt: now(),
        entries,
        activeVariantId: s.activeVariantId,
        order: s.variants.map((v) => v.id),
      };
      const put = db.putPending(pending).catch(fail);
      void flush();
      return put;
    },
    flush,
    stop() {
      running = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      unsubscribe?.();
      channel?.close();
      channel = null;
    },
  };
}
