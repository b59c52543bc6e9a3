import { autoLayoutAction, fitViewAction } from './canvas-actions';
import { copyAction, cutAction, duplicateAction, pasteAction } from './clipboard-actions';
import { redoAction, undoAction } from './history-actions';
import { chordsOf, normalizeChord, type KeyLike } from './key-chord';
import { deleteSelectionAction, selectAllAction } from './selection-actions';
import type { EditorAction, ToolbarPlacement } from './types';

/** Every editor command, in toolbar order within each group. */
export const EDITOR_ACTIONS: readonly EditorAction[] = [
  undoAction,
  redoAction,
  autoLayoutAction,
  fitViewAction,
  deleteSelectionAction,
  selectAllAction,
  copyAction,
  cutAction,
  pasteAction,
  duplicateAction,
];

function buildKeyMap(actions: readonly EditorAction[]): Map<string, EditorAction> {
  const map = new Map<string, EditorAction>();
  for (const action of actions) {
    for (const key of action.keys ?? []) {
      const chord = normalizeChord(key);
      const taken = map.get(chord);
      if (taken) throw new Error(`Key ${chord} is bound to both '${taken.id}' and '${action.id}'`);
      map.set(chord, action);
    }
  }
  return map;
}

const byChord = buildKeyMap(EDITOR_ACTIONS);

/** The action a key press triggers, or undefined. */
export function actionForKey(e: KeyLike): EditorAction | undefined {
  for (const chord of chordsOf(e)) {
    const action = byChord.get(chord);
    if (action) return action;
  }
  return undefined;
}

export function actionById(id: string): EditorAction | undefined {
  return EDITOR_ACTIONS.find((a) => a.id === id);
}

export function toolbarActions(group: ToolbarPlacement['group']): (EditorAction & { toolbar: ToolbarPlacement })[] {
  return EDITOR_ACTIONS.filter((a): a is EditorAction & { toolbar: ToolbarPlacement } => a.toolbar?.group === group);
}
