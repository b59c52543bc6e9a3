import 'fake-indexeddb/auto';
import { createStore as idbStore, get, keys, set } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Design } from '../../core/graph/types';
import { migrateToCurrent } from '../../core/io/versioned';
import { DEFAULT_TRAIN_CONFIG } from '../../worker/protocol';
import { createDesignSlice } from '../slices/design-slice';
import { createNoticeSlice } from '../slices/notice-slice';
import { createVariantsSlice } from '../slices/variants-slice';
import type { DesignSlice, NoticeSlice, VariantsSlice } from '../types';
import { createAutosave, type Autosave } from './autosave';
import { openPersistenceDb } from './idb-db';
import { RECORD_VERSION, readRunRecord, readStoredVariant, readWeightsBlob, recordKinds } from './record-schema';
import { loadRunWeights, loadRuns, saveRun, saveRunWeights, selectRunsDatabase, type RunRecord } from './runs-db';

type TestState = VariantsSlice & DesignSlice & NoticeSlice;

const design = (name: string): Design => ({
  name,
  blocks: [{ id: 'in', kind: 'input', name: 'input_1', params: { height: 28, width: 28, channels: 1 }, position: { x: 1, y: 2 } }],
  edges: [],
});
const variantRecord = (id: string, name: string, extra: object = {}) => ({
  id,
  revision: 1,
  variant: { id, name, design: design(name), createdAt: 1, updatedAt: 1 },
  savedBy: 'tab-x',
  savedAt: 1,
  ...extra,
});

const run = (id: string, extra: Partial<RunRecord> = {}): RunRecord => ({
  id,
  variantId: 'v1',
  variantName: 'Good net',
  design: design('Good net'),
  config: DEFAULT_TRAIN_CONFIG,
  backendPreference: 'auto',
  datasetLabel: 'MNIST',
  status: 'completed',
  startedAt: 100,
  finishedAt: 200,
  hasWeights: false,
  batchHistory: [{ x: 0.5, loss: Number.NaN, accuracy: 0.1, lossEma: Number.NaN, accuracyEma: 0.1 }],
  epochHistory: [],
  ...extra,
});

let counter = 0;
const open: Autosave[] = [];
afterEach(() => {
  for (const a of open.splice(0)) a.stop();
});

async function startApp(dbName: string) {
  const store = createStore<TestState>()((s, g, api) => ({
    ...createVariantsSlice(s, g, api),
    ...createDesignSlice(s, g, api),
    ...createNoticeSlice(s, g, api),
  }));
  store.getState().createVariant(design('Default'), 'Default');
  const autosave = createAutosave(store, { db: openPersistenceDb(dbName), debounceMs: 5, channelName: `${dbName}-ch` });
  open.push(autosave);
  await autosave.hydrate();
  return { store, autosave };
}

describe('IndexedDB records are versioned and validated like design files', () => {
  it('sets a bad variant aside (kept under a quarantine key) with a notice naming it; the good ones load', async () => {
    counter += 1;
    const db = `records-${counter}`;
    const os = idbStore(db, 'state');
    await set('variant:good', variantRecord('good', 'Good net'), os);
    const broken = variantRecord('bad', 'Broken net');
    broken.variant.design.blocks = [null as never];
    await set('variant:bad', broken, os);
    await set('variant:nulled', null, os);

    const { store } = await startApp(db);
    expect(store.getState().variants.map((v) => v.name)).toEqual(['Good net']);
    const texts = store.getState().notices.map((n) => n.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/^2 saved variants could not be read \(damaged data\) and were set aside, not loaded: /);
    expect(texts[0]).toContain('“Broken net” (variant.design: blocks[0]: expected an object, got null)');
    expect(texts[0]).toContain('variant:nulled (expected an object, got null)');
    // Kept, not deleted: the original value sits under its quarantine key, with the reason.
    expect(await get('quarantine:variant:bad', os)).toMatchObject({
      key: 'variant:bad',
      value: broken,
      reason: expect.stringContaining('blocks[0]'),
    });
    expect(await get('variant:bad', os)).toBeUndefined();

    // The next start loads cleanly: the bad record can no longer fail every reload.
    const again = await startApp(db);
    expect(again.store.getState().notices).toEqual([]);
    expect(again.store.getState().variants.map((v) => v.name)).toEqual(['Good net']);
  });

  it('leaves a record from a newer version untouched and says so; reads unversioned (older) records', async () => {
    counter += 1;
    const db = `records-${counter}`;
    const os = idbStore(db, 'state');
    const future = variantRecord('future', 'From the future', { version: RECORD_VERSION + 1 });
    await set('variant:future', future, os);
    await set('variant:legacy', variantRecord('legacy', 'Written before versions'), os);
    const { store, autosave } = await startApp(db);
    expect(store.getState().variants.map((v) => v.name)).toEqual(['Written before versions']);
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      `1 saved variant was saved by a newer version of Sora Designer and left untouched: “From the future” (version ${RECORD_VERSION + 1} is newer than this app supports (${RECORD_VERSION}); update Sora Designer).`,
    ]);
    expect(await get('variant:future', os)).toEqual(future);
    // Records written now carry the version.
    store.getState().renameVariant('legacy', 'Renamed');
    await autosave.flush();
    expect(await get('variant:legacy', os)).toMatchObject({ version: RECORD_VERSION, variant: { name: 'Renamed' } });
    expect(await get('meta', os)).toMatchObject({ version: RECORD_VERSION });
    // Even a tab holding a variant with that id does not overwrite the newer record.
    const s = store.getState();
    s.hydrateVariants([...s.variants, { ...variantRecord('future', 'Old copy').variant }], s.activeVariantId);
    await autosave.flush();
    expect(await get('variant:future', os)).toEqual(future);
    expect(store.getState().notices.map((n) => n.text)).toContain(
      "“Old copy” was saved by a newer version of Sora Designer (in another tab or window); this tab's changes to it are not saved, so that version is not overwritten.",
    );
    // Other variants still save.
    store.getState().renameVariant('legacy', 'Renamed again');
    await autosave.flush();
    expect(await get('variant:legacy', os)).toMatchObject({ variant: { name: 'Renamed again' } });
  });

  it('a damaged pending save (closed tab) is set aside too', async () => {
    counter += 1;
    const db = `records-${counter}`;
    const os = idbStore(db, 'state');
    await set(
      'pending:tab-y',
      { tabId: 'tab-y', savedAt: 1, entries: [{ id: 'x', base: 0, variant: { id: 'x' } }], activeVariantId: null, order: [] },
      os,
    );
    const { store } = await startApp(db);
    expect(store.getState().variants.map((v) => v.name)).toEqual(['Default']);
    expect(store.getState().notices[0].text).toMatch(/^1 unsaved change from a closed tab could not be read/);
    expect((await keys(os)).map(String)).toContain('quarantine:pending:tab-y');
  });

  it('sets aside a null run and a run with missing fields, keeps a newer one untouched, loads the good run', async () => {
    counter += 1;
    const db = `runs-${counter}`;
    selectRunsDatabase(db);
    const os = idbStore(db, 'runs');
    await saveRun(run('good'));
    await set('run:null', null, os);
    const { batchHistory: _dropped, ...missing } = run('missing');
    await set('run:missing', missing, os);
    await set('run:future', { ...run('future'), version: RECORD_VERSION + 5 }, os);

    const { runs, skipped } = await loadRuns();
    expect(runs.map((r) => r.id)).toEqual(['good']);
    expect(Number.isNaN(runs[0].batchHistory[0].loss)).toBe(true); // a diverged run's NaN loss is valid data
    expect(skipped.map((s) => [s.key, s.newer, s.error])).toEqual(
      expect.arrayContaining([
        ['run:null', false, 'expected an object, got null'],
        ['run:missing', false, 'batchHistory: is missing (expected an array)'],
        ['run:future', true, `version ${RECORD_VERSION + 5} is newer than this app supports (${RECORD_VERSION}); update Sora Designer`],
      ]),
    );
    expect((await keys(os)).map(String).sort()).toEqual(['quarantine:run:missing', 'quarantine:run:null', 'run:future', 'run:good']);
    expect(await get('run:good', os)).toMatchObject({ version: RECORD_VERSION });
    expect((await loadRuns()).skipped.map((s) => s.key)).toEqual(['run:future']);
  });

  it('validates designs inside records with the design-file rules', () => {
    const edgeToNowhere = variantRecord('e', 'Dangling');
    (edgeToNowhere.variant.design as Design).edges = [{ id: 'e1', source: 'in', target: 'ghost', targetIndex: 0 }];
    expect(readStoredVariant(edgeToNowhere)).toEqual({ ok: false, newer: false, error: "variant.design: edge e1 references missing block 'ghost'" });
    expect(readRunRecord(run('r', { design: { ...design('x'), blocks: [{ ...design('x').blocks[0], kind: 'warp' as never }] } }))).toMatchObject({
      ok: false,
      error: "design: unknown block kind 'warp' in blocks[0]",
    });
    expect(readStoredVariant({ id: 'gone', revision: 3, variant: null, savedBy: 't', savedAt: 1 })).toMatchObject({
      ok: true,
      value: { variant: null },
    });
  });

  it('a design migration reaches the designs inside every record kind (one shared chain)', () => {
    const kinds = recordKinds({ 1: (body) => ({ ...body, name: `${String(body.name)} (v2)` }) }, 2);
    const v = migrateToCurrent({ ...variantRecord('a', 'A'), version: 1 }, kinds.variant);
    expect(v).toMatchObject({ ok: true, from: 1, value: { version: 2, variant: { design: { name: 'A (v2)' } } } });
    expect(migrateToCurrent(run('r'), kinds.run)).toMatchObject({ ok: true, from: 1, value: { version: 2, design: { name: 'Good net (v2)' } } });
    const pending = {
      tabId: 't',
      savedAt: 1,
      entries: [{ id: 'a', base: 0, variant: variantRecord('a', 'P').variant }],
      activeVariantId: null,
      order: [],
    };
    expect(migrateToCurrent(pending, kinds.pending)).toMatchObject({ ok: true, value: { entries: [{ variant: { design: { name: 'P (v2)' } } }] } });
  });

  it('saved weights carry the version and are checked before use', async () => {
    counter += 1;
    const db = `weights-${counter}`;
    selectRunsDatabase(db);
    const os = idbStore(db, 'runs');
    const weights = { weightSpecs: [{ name: 'k', shape: [2, 3], dtype: 'float32' as const }], weightData: new Float32Array(6).buffer };
    await saveRunWeights('r1', weights);
    expect(await get('weights:r1', os)).toMatchObject({ version: RECORD_VERSION });
    expect(await loadRunWeights('r1')).toEqual(weights);
    expect(await loadRunWeights('none')).toBeUndefined();
    await set('weights:short', { ...weights, weightData: new ArrayBuffer(8) }, os);
    await expect(loadRunWeights('short')).rejects.toThrow(
      'The saved weights of run short cannot be used: the weight specs need 24 bytes but the data has 8.',
    );
    await set('weights:odd', { weightSpecs: [null], weightData: 3 }, os);
    expect(readWeightsBlob(await get('weights:odd', os))).toMatchObject({
      ok: false,
      error: 'weightSpecs[0]: expected an object, got null (and 1 more)',
    });
  });
});
