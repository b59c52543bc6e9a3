import { describe, expect, it } from 'vitest';
import type { Variant } from '../types';
import { applyVariantChanges, conflictCopy, decideSave, liveVariants, reconcileIncoming, resolveConflict } from './merge';
import type { StoredVariant } from './records';

function variant(id: string, name: string, x = 0, createdAt = 1): Variant {
  return {
    id,
    name,
    createdAt,
    updatedAt: createdAt,
    design: {
      name,
      blocks: [{ id: 'in', kind: 'input', name: 'input_1', params: { height: 28 }, position: { x, y: 0 } }],
      edges: [],
    },
  };
}

function record(v: Variant | null, revision: number, id = v?.id ?? 'gone'): StoredVariant {
  return { id, revision, variant: v, savedBy: 'other', savedAt: 5 };
}

const ctx = (taken: string[] = []) => ({ newId: () => 'copy-1', now: 99, takenNames: new Set(taken) });

describe('decideSave', () => {
  const mine = variant('a', 'A', 10);
  it('writes revision 1 for a variant never stored', () => {
    const d = decideSave('a', undefined, 0, mine, 'tab1', 7);
    expect(d).toEqual({ kind: 'write', record: { id: 'a', revision: 1, variant: mine, savedBy: 'tab1', savedAt: 7 } });
  });
  it('writes base + 1 when the stored revision is our base', () => {
    const d = decideSave('a', record(variant('a', 'A'), 4), 4, mine, 'tab1', 7);
    expect(d.kind === 'write' && d.record.revision).toBe(5);
  });
  it('writes a tombstone for a deletion', () => {
    const d = decideSave('a', record(variant('a', 'A'), 2), 2, null, 'tab1', 7);
    expect(d.kind === 'write' && d.record).toMatchObject({ revision: 3, variant: null });
  });
  it('reports a conflict when another tab saved after our base', () => {
    const theirs = record(variant('a', 'A', 50), 6);
    expect(decideSave('a', theirs, 5, mine, 'tab1', 7)).toEqual({ kind: 'conflict', stored: theirs });
  });
  it('is in sync when both tabs deleted the variant', () => {
    const tomb = record(null, 6, 'a');
    expect(decideSave('a', tomb, 5, null, 'tab1', 7)).toEqual({ kind: 'in-sync', stored: tomb });
  });
  it('rewrites above our base when the database was cleared', () => {
    const d = decideSave('a', undefined, 3, mine, 'tab1', 7);
    expect(d.kind === 'write' && d.record.revision).toBe(4);
  });
});

describe('resolveConflict', () => {
  it('keeps both versions when both tabs edited: theirs becomes "(from other tab)"', () => {
    const mine = variant('a', 'Net', 10);
    const theirs = variant('a', 'Net', 300);
    const res = resolveConflict(mine, record(theirs, 8), ctx(['Net']));
    expect(res.sync).toEqual({ revision: 8, variant: theirs });
    expect(res.copy?.id).toBe('copy-1');
    expect(res.copy?.name).toBe('Net (from other tab)');
    expect(res.copy?.forkedFrom).toBe('a');
    expect(res.copy?.design.blocks[0].position.x).toBe(300);
    expect(res.restore).toBeUndefined();
    expect(res.notice?.text).toContain('Net (from other tab)');
  });
  it('numbers the copy when the name is taken', () => {
    const copy = conflictCopy(variant('a', 'Net'), 'c', 1, new Set(['Net (from other tab)']));
    expect(copy.name).toBe('Net (from other tab) 2');
  });
  it('does not copy identical content', () => {
    const res = resolveConflict(variant('a', 'Net', 10), record(variant('a', 'Net', 10), 3), ctx());
    expect(res.copy).toBeUndefined();
    expect(res.notice).toBeNull();
    expect(res.sync.revision).toBe(3);
  });
  it('does not copy a version that differs only in its viewport', () => {
    const mine = { ...variant('a', 'Net', 10) };
    mine.design = { ...mine.design, viewport: { x: 1, y: 2, zoom: 1 } };
    const theirs = variant('a', 'Net', 10);
    theirs.design = { ...theirs.design, viewport: { x: 300, y: 0, zoom: 0.5 } };
    const res = resolveConflict(mine, record(theirs, 3), ctx());
    expect(res.copy).toBeUndefined();
    expect(res.notice).toBeNull();
  });
  it('restores a variant we deleted but another tab edited', () => {
    const theirs = variant('a', 'Net', 42);
    const res = resolveConflict(null, record(theirs, 4), ctx());
    expect(res.restore).toBe(theirs);
    expect(res.notice?.text).toMatch(/restored/);
  });
  it('keeps our edits of a variant another tab deleted', () => {
    const res = resolveConflict(variant('a', 'Net', 1), record(null, 4, 'a'), ctx());
    expect(res.sync).toEqual({ revision: 4, variant: null });
    expect(res.copy).toBeUndefined();
    expect(res.restore).toBeUndefined();
    expect(res.notice?.text).toMatch(/deleted in another tab/);
  });
});

describe('reconcileIncoming', () => {
  const synced = variant('a', 'A', 1);
  const sync = { revision: 3, variant: synced };
  it('ignores revisions we already have', () => {
    expect(reconcileIncoming(synced, sync, record(variant('a', 'A', 9), 3)).kind).toBe('ignore');
  });
  it('adopts a newer revision of an unchanged variant', () => {
    const theirs = variant('a', 'A', 9);
    expect(reconcileIncoming(synced, sync, record(theirs, 4))).toEqual({
      kind: 'adopt',
      variant: theirs,
      sync: { revision: 4, variant: theirs },
    });
  });
  it('adopts a deletion and a brand-new variant', () => {
    expect(reconcileIncoming(synced, sync, record(null, 4, 'a'))).toMatchObject({ kind: 'adopt', variant: null });
    const fresh = variant('b', 'B');
    expect(reconcileIncoming(undefined, undefined, record(fresh, 1))).toMatchObject({ kind: 'adopt', variant: fresh });
  });
  it('asks to save first when our copy has unsaved edits', () => {
    const edited = variant('a', 'A', 2);
    expect(reconcileIncoming(edited, sync, record(variant('a', 'A', 9), 4)).kind).toBe('save-first');
  });
});

describe('applyVariantChanges / liveVariants', () => {
  const a = variant('a', 'A', 0, 1);
  const b = variant('b', 'B', 0, 2);
  it('replaces, removes and appends (oldest first)', () => {
    const a2 = variant('a', 'A2', 5, 1);
    const late = variant('z', 'Z', 0, 20);
    const early = variant('y', 'Y', 0, 10);
    const next = applyVariantChanges(
      [a, b],
      new Map<string, Variant | null>([
        ['a', a2],
        ['b', null],
        ['z', late],
        ['y', early],
      ]),
    );
    expect(next.map((v) => v.name)).toEqual(['A2', 'Y', 'Z']);
  });
  it('returns the same array when nothing changes', () => {
    const list = [a, b];
    expect(applyVariantChanges(list, new Map([['a', a]]))).toBe(list);
  });
  it('orders restored variants by the saved order, drops tombstones', () => {
    const live = liveVariants([record(a, 1), record(null, 2, 'x'), record(b, 1)], ['b', 'a']);
    expect(live.map((v) => v.id)).toEqual(['b', 'a']);
  });
});
