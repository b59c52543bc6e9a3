import { createStore } from 'zustand/vanilla';

/** 'loading': reading IndexedDB; 'pending': changes not yet written; 'saved': all written; 'error': autosave failed. */
export type AutosavePhase = 'loading' | 'pending' | 'saved' | 'error';

export interface AutosaveStatus {
  phase: AutosavePhase;
  /** Time of the last successful write (ms since epoch), if any. */
  savedAt: number | null;
  error: string | null;
}

/** Autosave status for the UI (kept out of the app store so it never enters undo history). */
export const autosaveStatus = createStore<AutosaveStatus>(() => ({ phase: 'loading', savedAt: null, error: null }));
