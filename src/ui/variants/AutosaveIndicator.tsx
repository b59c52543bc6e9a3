import { useStore } from 'zustand';
import { autosaveStatus } from '../../state/persistence/status';

const LABELS = { loading: 'Loading…', pending: 'Saving…', saved: 'Saved', error: 'Autosave off' } as const;

/** Small "Saved / Saving…" label (data-phase is what tests wait on). */
export function AutosaveIndicator() {
  const { phase, savedAt, error } = useStore(autosaveStatus);
  const title =
    phase === 'error'
      ? `Autosave failed: ${error ?? 'unknown error'}`
      : savedAt
        ? `Saved in this browser (IndexedDB) at ${new Date(savedAt).toLocaleTimeString()}`
        : 'Variants are saved in this browser (IndexedDB)';
  return (
    <span className={`autosave autosave--${phase}`} data-testid="autosave-status" data-phase={phase} title={title} role="status">
      {LABELS[phase]}
    </span>
  );
}
