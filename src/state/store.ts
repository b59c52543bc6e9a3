import { create } from 'zustand';
import { temporal, type TemporalState } from 'zundo';
import type { StoreApi } from 'zustand';
import type { Design } from '../core/graph/types';
import { emptyDesign } from '../core/graph/factory';
import { getTemplate } from '../core/templates/index';
import { createDesignSlice, historyGate, withHistoryMode } from './slices/design-slice';
import { createNoticeSlice } from './slices/notice-slice';
import { createTrainingSlice, type TrainingSlice } from './slices/training-slice';
import { createUiSlice, type UiSlice } from './slices/ui-slice';
import { createVariantsSlice } from './slices/variants-slice';
import type { DesignSlice, NoticeSlice, Variant, VariantsSlice } from './types';
import { selectActiveDesign } from './selectors';

/** Undo/redo over the variants' designs (names, order and the active variant are not undone). */
export interface HistorySlice {
  undo(): void;
  redo(): void;
}

export type AppState = VariantsSlice & DesignSlice & NoticeSlice & UiSlice & TrainingSlice & HistorySlice;

/** The part of the state the undo history stores. */
interface Tracked {
  variants: Variant[];
}

/** True when some variant present before and after the change got a different design. */
function designsChanged(past: Tracked, current: Tracked): boolean {
  if (past.variants === current.variants) return false;
  if (past.variants.length !== current.variants.length) return false;
  return current.variants.some((v, i) => past.variants[i].id === v.id && past.variants[i].design !== v.design);
}

/** Takes the designs from a restored history entry but keeps every variant's current metadata and viewport. */
function mergeRestoredDesigns(current: Variant[], restored: Variant[]): Variant[] {
  const byId = new Map(restored.map((v) => [v.id, v.design] as const));
  return current.map((v) => {
    const restored = byId.get(v.id);
    if (!restored || restored === v.design) return v;
    // The viewport is view state, not content: undo never moves the view.
    const design = restored.viewport === v.design.viewport ? restored : { ...restored, viewport: v.design.viewport };
    return { ...v, design, updatedAt: Date.now() };
  });
}

function keepExisting(ids: string[], design: Design | undefined, what: 'blocks' | 'edges'): string[] {
  if (!design) return [];
  const present = new Set(design[what].map((x) => x.id));
  return ids.filter((id) => present.has(id));
}

export const useAppStore = create<AppState>()(
  temporal(
    (set, get, api) => {
      /** Runs a temporal undo/redo, then restores metadata the history must not touch. */
      const travel = (direction: 'undo' | 'redo'): void => {
        const before = get().variants;
        const t = (api as unknown as { temporal: StoreApi<TemporalState<Tracked>> }).temporal.getState();
        if ((direction === 'undo' ? t.pastStates : t.futureStates).length === 0) return;
        withHistoryMode('skip', () => {
          if (direction === 'undo') t.undo();
          else t.redo();
          const variants = mergeRestoredDesigns(before, get().variants);
          const active = selectActiveDesign({ variants, activeVariantId: get().activeVariantId });
          set({
            variants,
            selectedBlockIds: keepExisting(get().selectedBlockIds, active, 'blocks'),
            selectedEdgeIds: keepExisting(get().selectedEdgeIds, active, 'edges'),
          });
        });
        historyGate.lastKey = null;
      };
      return {
        ...createVariantsSlice(set, get, api),
        ...createDesignSlice(set, get, api),
        ...createNoticeSlice(set, get, api),
        ...createUiSlice(set, get, api),
        ...createTrainingSlice(set, get, api),
        undo: () => travel('undo'),
        redo: () => travel('redo'),
      };
    },
    {
      partialize: (s): Tracked => ({ variants: s.variants }),
      equality: (past, current) => !designsChanged(past, current),
      limit: 200,
      // zundo passes its internal 4-argument _handleSet here although it is typed as setState.
      handleSet: (handleSet) => (pastState, replace, currentState, deltaState) => {
        if (historyGate.mode !== 'record') return;
        (handleSet as unknown as (...args: unknown[]) => void)(pastState, replace, currentState, deltaState);
      },
    },
  ),
);

// The lookups live in selectors.ts; re-exported here for the many readers that import the store.
export { selectActiveDesign, selectActiveVariant } from './selectors';

/** History state for enabling undo/redo buttons. */
export function canUndo(): boolean {
  return useAppStore.temporal.getState().pastStates.length > 0;
}
export function canRedo(): boolean {
  return useAppStore.temporal.getState().futureStates.length > 0;
}

/** Seeds a first variant from the Sora fast MNIST template (the default MNIST variant) so the page is never empty. */
function ensureInitialVariant(): void {
  const s = useAppStore.getState();
  if (s.variants.length > 0) return;
  withHistoryMode('skip', () => {
    const template = getTemplate('sora-fast-mnist');
    // No stored viewport: the canvas fits the design into view on first show.
    const design = template ? { ...template.build(), viewport: undefined } : emptyDesign('Untitled');
    s.createVariant(design, template?.name ?? 'Untitled');
  });
  useAppStore.temporal.getState().clear();
}
ensureInitialVariant();

// Undo history belongs to one variant: switching variants (or restoring saved ones) starts afresh.
useAppStore.subscribe((s, prev) => {
  if (s.activeVariantId !== prev.activeVariantId) {
    historyGate.lastKey = null;
    useAppStore.temporal.getState().clear();
  }
});

// Services that reach outside the store (IndexedDB autosave, cross-tab sync, dataset reloads, the debug
// handle on window) are started by bootstrap() in ./bootstrap.ts, called once from src/main.tsx.
