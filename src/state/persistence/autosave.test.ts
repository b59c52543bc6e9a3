import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Design } from '../../core/graph/types';
import { createDesignSlice } from '../slices/design-slice';
import { createNoticeSlice } from '../slices/notice-slice';
import { createVariantsSlice } from '../slices/variants-slice';
import type { DesignSlice, NoticeSlice, VariantsSlice } from '../types';
import { createAutosave, type Autosave } from './autosave';
import { openPersistenceDb } from './idb-db';

type TestState = VariantsSlice & DesignSlice & NoticeSlice;
interface Tab {
  store: StoreApi<TestState>;
  autosave: Autosave;
}

let dbCounter = 0;
const open: Autosave[] = [];
afterEach(() => {
  for (const a of open.splice(0)) a.stop();
});

function design(name: string, x: number): Design {
  return {
    name,
    blocks: [{ id: 'in', kind: 'input', name: 'input_1', params: { height: 28 }, position: { x, y: 7 } }],
    edges: [],
    viewport: { x: 12, y: -4, zoom: 1.5 },
  };
}

function makeStore(): StoreApi<TestState> {
  return createStore<TestState>()((set, get, api) => ({
    ...createVariantsSlice(set, get, api),
    ...createDesignSlice(set, get, api),
    ...createNoticeSlice(set, get, api),
  }));
}

async function openTab(dbName: string, channelName: string, seed?: Design): Promise<Tab> {
  const store = makeStore();
  store.getState().createVariant(seed ?? design('Default', 0), 'Default');
  const autosave = createAutosave(store, { db: openPersistenceDb(dbName), debounceMs: 10, channelName });
  open.push(autosave);
  await autosave.hydrate();
  return { store, autosave };
}

function moveActiveBlock(tab: Tab, x: number): void {
  tab.store.getState().updateDesign((d) => ({ ...d, blocks: d.blocks.map((b) => ({ ...b, position: { x, y: b.position.y } })) }));
}

async function waitFor(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const xs = (tab: Tab): Record<string, number> =>
  Object.fromEntries(tab.store.getState().variants.map((v) => [v.name, v.design.blocks[0]?.position.x ?? -1]));

function names() {
  dbCounter += 1;
  return [`test-db-${dbCounter}`, `test-ch-${dbCounter}`] as const;
}

describe('autosave', () => {
  it('restores variants, order, active id, positions and viewport exactly after a reload', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    const s = a.store.getState();
    const second = s.createVariant(design('Second', 140), 'Second');
    s.duplicateVariant(s.variants[0].id); // fork goes right after its source
    s.renameVariant(second, 'Renamed');
    a.store.getState().setActiveVariant(second);
    moveActiveBlock(a, 333);
    await a.autosave.flush();
    a.autosave.stop();

    const b = await openTab(db, ch, design('Other default', 1));
    const before = a.store.getState();
    const after = b.store.getState();
    expect(after.variants.map((v) => v.name)).toEqual(['Default', 'Default (fork)', 'Renamed']);
    expect(after.variants).toEqual(before.variants);
    expect(after.activeVariantId).toBe(second);
    expect(after.variants[2].design.blocks[0].position).toEqual({ x: 333, y: 7 });
    expect(after.variants[2].design.viewport).toEqual({ x: 12, y: -4, zoom: 1.5 });
  });

  it('a tab adopts another tab’s save of a variant it did not change', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    const b = await openTab(db, ch);
    expect(b.store.getState().variants.map((v) => v.id)).toEqual(a.store.getState().variants.map((v) => v.id));
    moveActiveBlock(a, 250);
    await a.autosave.flush();
    await waitFor(() => xs(b).Default === 250, 'tab B to adopt the move');
    expect(b.store.getState().notices).toEqual([]);
  });

  it('keeps both versions when two tabs edit the same variant at once, and notifies', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    const b = await openTab(db, ch);
    moveActiveBlock(a, 111);
    moveActiveBlock(b, 222);
    await a.autosave.flush();
    await b.autosave.flush();
    expect(xs(b)).toEqual({ Default: 222, 'Default (from other tab)': 111 });
    expect(
      b.store
        .getState()
        .notices.map((n) => n.text)
        .join(),
    ).toContain('Default (from other tab)');
    await waitFor(() => Object.keys(xs(a)).length === 2 && xs(a).Default === 222, 'tab A to receive both');
    expect(xs(a)).toEqual({ Default: 222, 'Default (from other tab)': 111 });
    await a.autosave.flush();
    const c = await openTab(db, ch);
    expect(xs(c)).toEqual({ Default: 222, 'Default (from other tab)': 111 });
  });

  it('restores a variant deleted in one tab while edited in another', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    const keep = a.store.getState().createVariant(design('Keep', 5), 'Keep');
    await a.autosave.flush();
    const b = await openTab(db, ch);
    const target = a.store.getState().variants[0].id;
    a.store.getState().deleteVariant(target);
    b.store.getState().setActiveVariant(target);
    moveActiveBlock(b, 77);
    await a.autosave.flush();
    await b.autosave.flush();
    expect(
      b.store
        .getState()
        .notices.map((n) => n.text)
        .join(),
    ).toMatch(/deleted in another tab/);
    await waitFor(() => xs(a).Default === 77, 'the edited variant to come back in tab A');
    expect(a.store.getState().variants.map((v) => v.id)).toContain(keep);
  });

  it('skips damaged records with a notice and keeps the rest', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    await a.autosave.flush();
    const { set, createStore: idbStore } = await import('idb-keyval');
    await set('variant:broken', { id: 'broken', revision: 'x' }, idbStore(db, 'state'));
    const b = await openTab(db, ch);
    expect(b.store.getState().variants.map((v) => v.name)).toEqual(['Default']);
    expect(b.store.getState().notices[0].text).toMatch(/1 saved variant could not be read/);
  });

  it('keeps a change recorded on pagehide even when the tab dies before its save completes', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    moveActiveBlock(a, 404);
    const put = a.autosave.flushOnExit(); // the blind put is issued before the page goes away
    a.autosave.stop(); // the page is gone: its normal save never runs
    await put;
    const b = await openTab(db, ch);
    expect(xs(b)).toEqual({ Default: 404 });
    await b.autosave.flush();
    const { keys, createStore: idbStore } = await import('idb-keyval');
    expect((await keys(idbStore(db, 'state'))).filter((k) => String(k).startsWith('pending:'))).toEqual([]);
    const c = await openTab(db, ch);
    expect(xs(c)).toEqual({ Default: 404 });
  });

  it('replays a closed tab’s change on top of a newer save as a conflict, keeping both', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    const b = await openTab(db, ch);
    moveActiveBlock(a, 10);
    const put = a.autosave.flushOnExit();
    a.autosave.stop();
    await put;
    moveActiveBlock(b, 20); // B never heard of A's last change and saves normally
    await b.autosave.flush();
    const c = await openTab(db, ch);
    expect(xs(c)).toEqual({ Default: 10, 'Default (from other tab)': 20 });
  });

  it('drops its own pagehide record once the normal save completes (page kept alive, e.g. bfcache)', async () => {
    const [db, ch] = names();
    const a = await openTab(db, ch);
    moveActiveBlock(a, 55);
    await a.autosave.flushOnExit();
    await a.autosave.flush();
    const { keys, createStore: idbStore } = await import('idb-keyval');
    expect((await keys(idbStore(db, 'state'))).filter((k) => String(k).startsWith('pending:'))).toEqual([]);
    const b = await openTab(db, ch);
    expect(xs(b)).toEqual({ Default: 55 });
    expect(b.store.getState().variants).toHaveLength(1);
  });
});
