import type { StoreApi } from 'zustand';
import { selectActiveDesign, type VariantsView } from './selectors';
import type { AppState } from './store';

/** The part of the store input follow reads. */
export type InputFollowState = VariantsView & Pick<AppState, 'datasetSummary' | 'followInputShape'>;

/** How long after the last edit of the active design an image-folder dataset is reloaded. */
export const INPUT_FOLLOW_DELAY_MS = 400;

/**
 * Image-folder datasets follow the Input block's size: reloads them shortly after the active design changes.
 * Returns the unsubscribe function.
 */
export function startInputFollow(store: StoreApi<InputFollowState>): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = store.subscribe((s, prev) => {
    if (!s.datasetSummary?.resizable) return;
    if (selectActiveDesign(s) === selectActiveDesign(prev)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      store.getState().followInputShape();
    }, INPUT_FOLLOW_DELAY_MS);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}
