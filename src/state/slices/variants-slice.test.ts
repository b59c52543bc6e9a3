import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Design } from '../../core/graph/types';
import type { DesignSlice, VariantsSlice } from '../types';
import { createDesignSlice } from './design-slice';
import { cleanVariantName, createVariantsSlice, nextVariantName, uniqueVariantName } from './variants-slice';

type S = VariantsSlice & DesignSlice;
const make = () => createStore<S>()((set, get, api) => ({ ...createVariantsSlice(set, get, api), ...createDesignSlice(set, get, api) }));

const design: Design = {
  name: 'net',
  blocks: [{ id: 'in', kind: 'input', name: 'input_1', params: { height: 28 }, position: { x: 3, y: 4 } }],
  edges: [],
};

describe('variants slice', () => {
  it('creates blank and named variants with unique names and makes them active', () => {
    const store = make();
    const a = store.getState().createVariant();
    const b = store.getState().createVariant(design, 'Net');
    const c = store.getState().createVariant(design, 'Net');
    const s = store.getState();
    expect(s.variants.map((v) => v.name)).toEqual(['Variant 1', 'Net', 'Net (2)']);
    expect(s.variants[0].design.blocks).toEqual([]);
    expect(s.activeVariantId).toBe(c);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(s.variants[1].design).toEqual(design);
    expect(s.variants[1].design).not.toBe(design);
  });

  it('forks a deep copy right after the source', () => {
    const store = make();
    const a = store.getState().createVariant(design, 'Net');
    store.getState().createVariant(undefined, 'Other');
    const fork = store.getState().duplicateVariant(a);
    const s = store.getState();
    expect(s.variants.map((v) => v.name)).toEqual(['Net', 'Net (fork)', 'Other']);
    expect(s.activeVariantId).toBe(fork);
    expect(s.variants[1].forkedFrom).toBe(a);
    s.updateDesign((d) => ({ ...d, blocks: d.blocks.map((b) => ({ ...b, position: { x: 99, y: 99 } })) }));
    expect(store.getState().variants[0].design.blocks[0].position).toEqual({ x: 3, y: 4 });
    expect(store.getState().duplicateVariant('missing')).toBe('');
  });

  it('renames with cleaned names and ignores empty ones', () => {
    const store = make();
    const a = store.getState().createVariant(design, 'Net');
    store.getState().renameVariant(a, '   Wide   net  ');
    expect(store.getState().variants[0].name).toBe('Wide net');
    store.getState().renameVariant(a, '   ');
    expect(store.getState().variants[0].name).toBe('Wide net');
    expect(cleanVariantName('x'.repeat(500))?.length).toBe(120);
  });

  it('deletes, moving the active variant to a neighbour, and never leaves the list empty', () => {
    const store = make();
    const a = store.getState().createVariant(design, 'A');
    const b = store.getState().createVariant(design, 'B');
    const c = store.getState().createVariant(design, 'C');
    store.getState().setActiveVariant(b);
    store.getState().setSelection(['in']);
    store.getState().deleteVariant(b);
    expect(store.getState().activeVariantId).toBe(c);
    expect(store.getState().selectedBlockIds).toEqual([]);
    store.getState().deleteVariant(a);
    store.getState().deleteVariant(c);
    const s = store.getState();
    expect(s.variants).toHaveLength(1);
    expect(s.variants[0].name).toBe('Variant 1');
    expect(s.activeVariantId).toBe(s.variants[0].id);
  });

  it('hydrates, falling back to the first variant for an unknown active id', () => {
    const store = make();
    const src = make();
    const x = src.getState().createVariant(design, 'X');
    const y = src.getState().createVariant(design, 'Y');
    store.getState().hydrateVariants(src.getState().variants, y);
    expect(store.getState().activeVariantId).toBe(y);
    store.getState().hydrateVariants(src.getState().variants, 'gone');
    expect(store.getState().activeVariantId).toBe(x);
  });

  it('names helpers', () => {
    const vs = [{ name: 'Variant 2' }, { name: 'Variant 3' }].map((v, i) => ({ ...v, id: `${i}`, design, createdAt: 0, updatedAt: 0 }));
    expect(nextVariantName(vs)).toBe('Variant 4');
    expect(uniqueVariantName(vs, 'Variant 2')).toBe('Variant 2 (2)');
  });
});
