import { useEffect } from 'react';
import { selectActiveDesign, useAppStore } from '../../state/store';
import { isTypingTarget } from '../actions/key-chord';
import { actionForKey } from '../actions/registry';

/**
 * Editor keyboard shortcuts: each key press is looked up among the actions' keys (src/ui/actions/registry.ts).
 * Ignored while typing in a field, and when no design is open. A disabled action leaves the key to the
 * browser unless it claims it (Ctrl+D, Ctrl+A, undo/redo).
 */
export function useEditorShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingTarget(e.target)) return;
      const action = actionForKey(e);
      if (!action) return;
      const s = useAppStore.getState();
      if (!selectActiveDesign(s)) return;
      if (!action.enabled(s)) {
        if (action.claimsKeyWhenDisabled) e.preventDefault();
        return;
      }
      e.preventDefault();
      action.perform(s, useAppStore);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
