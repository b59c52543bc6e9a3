import { beforeEach, describe, expect, it } from 'vitest';
import { addBlock, connectBlocks, PASTE_OFFSET } from '../../core/graph/edits';
import { selectActiveDesign, useAppStore } from '../../state/store';
import { normalizeChord } from './key-chord';
import { actionById, actionForKey, EDITOR_ACTIONS, toolbarActions } from './registry';

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean } = {}) =>
  actionForKey({ key, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift })?.id;

function perform(id: string) {
  const action = actionById(id);
  if (!action) throw new Error(`no action ${id}`);
  return action.perform(useAppStore.getState(), useAppStore);
}

describe('editor action registry', () => {
  it('gives every action an id, a label and keys or a toolbar place, with no id, key or test id used twice', () => {
    const ids = new Set<string>();
    const keys = new Map<string, string>();
    const testIds = new Set<string>();
    for (const a of EDITOR_ACTIONS) {
      expect(a.id).toMatch(/^[a-z][a-z-]*$/);
      expect(a.label.trim().length).toBeGreaterThan(0);
      expect((a.keys?.length ?? 0) > 0 || a.toolbar !== undefined, `${a.id} has neither keys nor a toolbar place`).toBe(true);
      expect(ids.has(a.id), `id ${a.id} used twice`).toBe(false);
      ids.add(a.id);
      for (const k of a.keys ?? []) {
        const chord = normalizeChord(k);
        expect(keys.get(chord), `${chord} bound to ${keys.get(chord)} and ${a.id}`).toBeUndefined();
        keys.set(chord, a.id);
      }
      if (a.toolbar) {
        expect(testIds.has(a.toolbar.testId)).toBe(false);
        testIds.add(a.toolbar.testId);
      }
    }
    expect(EDITOR_ACTIONS.length).toBe(10);
    expect(toolbarActions('history').map((a) => a.toolbar.testId)).toEqual(['undo', 'redo']);
    expect(toolbarActions('canvas').map((a) => a.toolbar.testId)).toEqual(['auto-layout', 'fit-view', 'delete-selection']);
  });

  it('maps key presses to actions the way the old shortcut chain did', () => {
    expect(press('z', { ctrl: true })).toBe('undo');
    expect(press('Z', { meta: true, shift: true })).toBe('redo');
    expect(press('y', { ctrl: true })).toBe('redo');
    expect(press('Delete')).toBe('delete-selection');
    expect(press('Backspace')).toBe('delete-selection');
    expect(press('Delete', { shift: true })).toBe('delete-selection');
    expect(press('Delete', { ctrl: true })).toBeUndefined();
    expect(press('c', { ctrl: true })).toBe('copy');
    expect(press('C', { ctrl: true, shift: true })).toBe('copy');
    expect(press('x', { meta: true })).toBe('cut');
    expect(press('v', { ctrl: true })).toBe('paste');
    expect(press('d', { ctrl: true })).toBe('duplicate');
    expect(press('a', { ctrl: true })).toBe('select-all');
    expect(press('z')).toBeUndefined();
    expect(press('a')).toBeUndefined();
  });

  it('normalizes chords and rejects unknown modifiers', () => {
    expect(normalizeChord('shift+mod+z')).toBe('Mod+Shift+Z');
    expect(normalizeChord('Delete')).toBe('Delete');
    expect(() => normalizeChord('Alt+X')).toThrow("Unknown modifier 'alt' in key chord 'Alt+X'");
  });
});

describe('editor actions on the store', () => {
  let ids: string[] = [];
  beforeEach(() => {
    const s = useAppStore.getState();
    s.createVariant(undefined, 'actions');
    ids = [];
    for (const kind of ['input', 'conv', 'output'] as const) {
      const added = useAppStore.getState().applyEdit((d) => addBlock(d, { kind, position: { x: 0, y: ids.length * 100 } }));
      ids.push(added!.blockId);
    }
    const connected = useAppStore.getState().applyEdit((d) => connectBlocks(d, { source: ids[0], target: ids[1] }));
    expect(connected?.ok).toBe(true);
    useAppStore.temporal.getState().clear();
    useAppStore.getState().setSelection([], []);
  });

  const design = () => selectActiveDesign(useAppStore.getState())!;

  it('deletes the selection as one undo step, and is disabled with nothing selected', () => {
    expect(actionById('delete-selection')!.enabled(useAppStore.getState())).toBe(false);
    expect(perform('delete-selection')).toEqual({ performed: false, reason: 'Nothing is selected' });
    useAppStore.getState().setSelection([ids[1]]);
    expect(actionById('delete-selection')!.enabled(useAppStore.getState())).toBe(true);
    expect(perform('delete-selection')).toEqual({ performed: true });
    expect(design().blocks.map((b) => b.id)).toEqual([ids[0], ids[2]]);
    expect(design().edges).toHaveLength(0);
    expect(useAppStore.getState().selectedBlockIds).toEqual([]);
    expect(actionById('undo')!.enabled(useAppStore.getState())).toBe(true);
    expect(perform('undo')).toEqual({ performed: true });
    expect(design().blocks).toHaveLength(3);
    expect(perform('undo')).toEqual({ performed: false, reason: 'Nothing to undo' });
  });

  it('duplicates and pastes with growing offsets, selecting the new blocks', () => {
    useAppStore.getState().setSelection([ids[0], ids[1]]);
    expect(perform('duplicate')).toEqual({ performed: true });
    const dup = useAppStore.getState().selectedBlockIds;
    expect(dup).toHaveLength(2);
    expect(design().blocks.find((b) => b.id === dup[1])!.position).toEqual({ x: PASTE_OFFSET, y: 100 + PASTE_OFFSET });
    expect(design().edges).toHaveLength(2);

    useAppStore.getState().setSelection([ids[2]]);
    expect(perform('copy')).toEqual({ performed: true });
    perform('paste');
    perform('paste');
    const second = useAppStore.getState().selectedBlockIds;
    expect(design().blocks.find((b) => b.id === second[0])!.position).toEqual({ x: 2 * PASTE_OFFSET, y: 200 + 2 * PASTE_OFFSET });
    expect(design().blocks).toHaveLength(7);
  });

  it('cuts blocks to the clipboard and selects everything', () => {
    useAppStore.getState().setSelection([ids[2]]);
    expect(perform('cut')).toEqual({ performed: true });
    expect(design().blocks).toHaveLength(2);
    expect(useAppStore.getState().clipboard?.blocks.map((b) => b.kind)).toEqual(['output']);
    expect(actionById('copy')!.enabled(useAppStore.getState())).toBe(false);
    perform('select-all');
    expect(useAppStore.getState().selectedBlockIds).toEqual([ids[0], ids[1]]);
    expect(useAppStore.getState().selectedEdgeIds).toEqual([design().edges[0].id]);
  });
});
