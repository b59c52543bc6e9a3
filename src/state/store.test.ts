import { beforeEach, describe, expect, it } from 'vitest';
import { getTemplate } from '../core/templates/index';
import { useAppStore } from './store';
import { withHistoryMode } from './slices/design-slice';
import { setParam, moveBlocks, addBlock } from '../core/graph/edits';
import type { Design } from '../core/graph/types';

const activeDesign = (): Design => {
  const s = useAppStore.getState();
  const v = s.variants.find((x) => x.id === s.activeVariantId);
  if (!v) throw new Error('no active variant');
  return v.design;
};
const pastCount = () => useAppStore.temporal.getState().pastStates.length;

describe('app store start-up', () => {
  it('starts with one variant built from the Sora fast MNIST template (the default MNIST variant) and no history', () => {
    const s = useAppStore.getState();
    expect(s.variants).toHaveLength(1);
    const template = getTemplate('sora-fast-mnist')!.build();
    expect(s.variants[0].name).toBe('Sora fast (MNIST)');
    expect(activeDesign().blocks.map((b) => b.kind)).toEqual(template.blocks.map((b) => b.kind));
    expect(pastCount()).toBe(0);
  });
});

describe('app store editing', () => {
  beforeEach(() => {
    const s = useAppStore.getState();
    s.createVariant(undefined, 'blank');
    useAppStore.temporal.getState().clear();
  });

  it('undoes and redoes an added block', () => {
    const s = useAppStore.getState();
    s.applyEdit((d) => addBlock(d, { kind: 'input', position: { x: 0, y: 0 } }));
    expect(activeDesign().blocks).toHaveLength(1);
    expect(pastCount()).toBe(1);
    s.undo();
    expect(activeDesign().blocks).toHaveLength(0);
    s.redo();
    expect(activeDesign().blocks.map((b) => b.name)).toEqual(['input_1']);
  });

  it('coalesces consecutive edits with the same key into one undo step', () => {
    const s = useAppStore.getState();
    s.applyEdit((d) => addBlock(d, { kind: 'separable-conv', position: { x: 0, y: 0 } }));
    const id = activeDesign().blocks[0].id;
    for (const f of [1, 12, 128]) s.applyEdit((d) => setParam(d, { blockId: id, key: 'filters', value: f }), { coalesceKey: `param:${id}:filters` });
    expect(activeDesign().blocks[0].params.filters).toBe(128);
    expect(pastCount()).toBe(2);
    s.undo();
    expect(activeDesign().blocks[0].params.filters).toBe(32);
    // a different key, or an edit without key in between, starts a new step
    s.applyEdit((d) => moveBlocks(d, { positions: new Map([[id, { x: 5, y: 5 }]]) }), { coalesceKey: 'move:a' });
    s.applyEdit((d) => moveBlocks(d, { positions: new Map([[id, { x: 9, y: 9 }]]) }), { coalesceKey: 'move:a' });
    s.applyEdit((d) => moveBlocks(d, { positions: new Map([[id, { x: 20, y: 20 }]]) }), { coalesceKey: 'move:b' });
    expect(pastCount()).toBe(3);
    s.undo();
    expect(activeDesign().blocks[0].position).toEqual({ x: 9, y: 9 });
    s.undo();
    expect(activeDesign().blocks[0].position).toEqual({ x: 0, y: 0 });
  });

  it('does not record selection changes or no-op edits', () => {
    const s = useAppStore.getState();
    s.applyEdit((d) => addBlock(d, { kind: 'input', position: { x: 0, y: 0 } }));
    const id = activeDesign().blocks[0].id;
    s.setSelection([id]);
    s.updateDesign((d) => d);
    expect(pastCount()).toBe(1);
    expect(useAppStore.getState().selectedBlockIds).toEqual([id]);
    s.undo();
    // the selected block is gone, so the selection is dropped
    expect(useAppStore.getState().selectedBlockIds).toEqual([]);
  });

  it('keeps variant names when undoing a design edit', () => {
    const s = useAppStore.getState();
    s.applyEdit((d) => addBlock(d, { kind: 'input', position: { x: 0, y: 0 } }));
    const id = useAppStore.getState().activeVariantId!;
    s.renameVariant(id, 'renamed');
    expect(pastCount()).toBe(1);
    s.undo();
    const v = useAppStore.getState().variants.find((x) => x.id === id)!;
    expect(v.name).toBe('renamed');
    expect(v.design.blocks).toHaveLength(0);
  });

  it('undo keeps the current viewport (view state is not undone)', () => {
    const s = useAppStore.getState();
    s.applyEdit((d) => addBlock(d, { kind: 'input', position: { x: 0, y: 0 } }));
    const id = useAppStore.getState().activeVariantId!;
    const withView = useAppStore
      .getState()
      .variants.map((v) => (v.id === id ? { ...v, design: { ...v.design, viewport: { x: 5, y: 6, zoom: 0.5 } } } : v));
    withHistoryMode('skip', () => useAppStore.setState({ variants: withView }));
    s.undo();
    expect(activeDesign().blocks).toHaveLength(0);
    expect(activeDesign().viewport).toEqual({ x: 5, y: 6, zoom: 0.5 });
  });

  it('replaceDesign is one undo step and switching variants clears history', () => {
    const s = useAppStore.getState();
    const tmpl = getTemplate('mobilenet-v1')!.build();
    s.replaceDesign(tmpl, 'Import');
    expect(activeDesign().blocks.length).toBe(tmpl.blocks.length);
    expect(pastCount()).toBe(1);
    s.undo();
    expect(activeDesign().blocks).toHaveLength(0);
    s.redo();
    expect(pastCount()).toBe(1);
    const first = useAppStore.getState().variants[0].id;
    s.setActiveVariant(first);
    expect(pastCount()).toBe(0);
    expect(useAppStore.temporal.getState().futureStates).toHaveLength(0);
  });

  it('notices: adds, de-duplicates identical text, dismisses', () => {
    const s = useAppStore.getState();
    s.notify('error', 'Connection refused: x');
    s.notify('error', 'Connection refused: x');
    s.notify('info', 'Saved');
    const list = useAppStore.getState().notices;
    expect(list.map((n) => n.text)).toEqual(['Connection refused: x', 'Saved']);
    s.dismissNotice(list[0].id);
    expect(useAppStore.getState().notices.map((n) => n.text)).toEqual(['Saved']);
  });
});
