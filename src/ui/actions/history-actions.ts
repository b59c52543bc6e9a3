import { canRedo, canUndo } from '../../state/store';
import { DONE, notDone, type EditorAction } from './types';

export const undoAction: EditorAction = {
  id: 'undo',
  label: 'Undo',
  keys: ['Mod+Z'],
  toolbar: { group: 'history', text: '↶ Undo', title: 'Undo (Ctrl+Z)', testId: 'undo' },
  enabled: () => canUndo(),
  claimsKeyWhenDisabled: true,
  perform(state) {
    if (!canUndo()) return notDone('Nothing to undo');
    state.undo();
    return DONE;
  },
};

export const redoAction: EditorAction = {
  id: 'redo',
  label: 'Redo',
  keys: ['Mod+Shift+Z', 'Mod+Y'],
  toolbar: { group: 'history', text: '↷ Redo', title: 'Redo (Ctrl+Shift+Z / Ctrl+Y)', testId: 'redo' },
  enabled: () => canRedo(),
  claimsKeyWhenDisabled: true,
  perform(state) {
    if (!canRedo()) return notDone('Nothing to redo');
    state.redo();
    return DONE;
  },
};
