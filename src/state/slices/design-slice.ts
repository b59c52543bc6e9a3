import type { StateCreator } from 'zustand';
import type { Design } from '../../core/graph/types';
import type { DesignSlice, Variant, VariantsSlice } from '../types';
import { selectActiveVariant } from '../selectors';

/**
 * Tells the temporal (undo) middleware in store.ts what to do with the next state change:
 * 'record' pushes an undo step, 'merge' folds it into the previous step (same coalesceKey),
 * 'skip' leaves history untouched (undo bookkeeping, view-only changes).
 */
export const historyGate: { mode: 'record' | 'merge' | 'skip'; lastKey: string | null; lastLabel: string | null } = {
  mode: 'record',
  lastKey: null,
  lastLabel: null,
};

/** Runs `fn` with the given history mode, restoring 'record' afterwards. */
export function withHistoryMode(mode: 'record' | 'merge' | 'skip', fn: () => void): void {
  const previous = historyGate.mode;
  historyGate.mode = mode;
  try {
    fn();
  } finally {
    historyGate.mode = previous;
  }
}

type State = DesignSlice & VariantsSlice;

function replaceActive(variants: Variant[], activeId: string | null, design: Design): Variant[] {
  const now = Date.now();
  return variants.map((v) => (v.id === activeId ? { ...v, design, updatedAt: now } : v));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export const createDesignSlice: StateCreator<State, [], [], DesignSlice> = (set, get) => ({
  selectedBlockIds: [],
  selectedEdgeIds: [],

  updateDesign(recipe, options) {
    get().applyEdit((design) => ({ design: recipe(design), result: undefined }), options);
  },

  applyEdit(edit, options) {
    const { variants, activeVariantId } = get();
    const active = selectActiveVariant(get());
    if (!active) return undefined;
    const { design: next, result } = edit(active.design);
    if (next === active.design) return result;
    const key = options?.coalesceKey ?? null;
    const mode = key !== null && key === historyGate.lastKey ? 'merge' : 'record';
    historyGate.lastKey = key;
    historyGate.lastLabel = options?.label ?? null;
    withHistoryMode(mode, () => set({ variants: replaceActive(variants, activeVariantId, next) }));
    return result;
  },

  replaceDesign(design, label) {
    const { variants, activeVariantId } = get();
    if (!selectActiveVariant(get())) return;
    historyGate.lastKey = null;
    historyGate.lastLabel = label ?? null;
    withHistoryMode('record', () => set({ variants: replaceActive(variants, activeVariantId, design), selectedBlockIds: [], selectedEdgeIds: [] }));
  },

  setSelection(blockIds, edgeIds = []) {
    const s = get();
    if (sameIds(s.selectedBlockIds, blockIds) && sameIds(s.selectedEdgeIds, edgeIds)) return;
    set({ selectedBlockIds: blockIds, selectedEdgeIds: edgeIds });
  },
});
