import { useAppStore } from '../store';
import { withHistoryMode } from '../slices/design-slice';
import { createAutosave, type Autosave } from './autosave';
import { openPersistenceDb } from './idb-db';
import { autosaveStatus, type AutosaveStatus } from './status';
import { hydrateVariantWeights } from '../variant-weights';

let started: { autosave: Autosave; ready: Promise<void> } | null = null;

/**
 * Starts autosave for the app store once per page: restores saved variants from IndexedDB, then
 * saves every change (debounced) and flushes when the page is hidden or closed.
 * Resolves when the saved state has been loaded into the store.
 */
export function startPersistence(): Promise<void> {
  if (started) return started.ready;
  const autosave = createAutosave(useAppStore, {
    db: openPersistenceDb(),
    applyQuietly: (fn) => {
      // Loaded or other-tab versions are not undo steps, and older history would undo them.
      withHistoryMode('skip', fn);
      useAppStore.temporal.getState().clear();
    },
    onStatus: (patch) => {
      // Every edit reports 'pending': notify the status' readers only when something changes.
      const current = autosaveStatus.getState();
      if ((Object.keys(patch) as (keyof AutosaveStatus)[]).some((k) => patch[k] !== current[k])) autosaveStatus.setState(patch);
    },
  });
  window.addEventListener('pagehide', () => {
    void autosave.flushOnExit();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void autosave.flush();
  });
  started = { autosave, ready: autosave.hydrate() };
  hydrateVariantWeights().catch(() => undefined); // imported weights are optional: a run without them starts fresh
  return started.ready;
}

/** Writes pending changes now (no-op before startPersistence). */
export function flushPersistence(): Promise<void> {
  return started ? started.autosave.flush() : Promise.resolve();
}
