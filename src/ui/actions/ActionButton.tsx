import { useStore } from 'zustand';
import { useAppStore } from '../../state/store';
import type { EditorAction, ToolbarPlacement } from './types';

/** A toolbar button for an action: disabled while the action is, and re-checked when the undo history moves. */
export function ActionButton({ action }: { action: EditorAction & { toolbar: ToolbarPlacement } }) {
  // Undo/redo depend on the history, which lives beside the state: re-render when it changes.
  useStore(useAppStore.temporal, (t) => `${t.pastStates.length}:${t.futureStates.length}`);
  const enabled = useAppStore((s) => action.enabled(s));
  const { text, title, testId } = action.toolbar;
  return (
    <button type="button" onClick={() => action.perform(useAppStore.getState(), useAppStore)} disabled={!enabled} title={title} data-testid={testId}>
      {text}
    </button>
  );
}
