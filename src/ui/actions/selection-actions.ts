import { deleteItems } from '../../core/graph/edits';
import { selectActiveDesign } from '../../state/store';
import { DONE, notDone, type EditorAction } from './types';

/** The one Delete: keyboard (Delete / Backspace) and the toolbar button. */
export const deleteSelectionAction: EditorAction = {
  id: 'delete-selection',
  label: 'Delete selection',
  keys: ['Delete', 'Backspace'],
  toolbar: { group: 'canvas', text: 'Delete', title: 'Delete selection (Delete)', testId: 'delete-selection' },
  enabled: (s) => s.selectedBlockIds.length + s.selectedEdgeIds.length > 0,
  perform(s) {
    if (s.selectedBlockIds.length + s.selectedEdgeIds.length === 0) return notDone('Nothing is selected');
    s.applyEdit((d) => deleteItems(d, { blockIds: s.selectedBlockIds, edgeIds: s.selectedEdgeIds }), { label: 'Delete' });
    s.setSelection([], []);
    return DONE;
  },
};

export const selectAllAction: EditorAction = {
  id: 'select-all',
  label: 'Select all',
  keys: ['Mod+A'],
  enabled: (s) => selectActiveDesign(s) !== undefined,
  claimsKeyWhenDisabled: true,
  perform(s) {
    const design = selectActiveDesign(s);
    if (!design) return notDone('No design is open');
    s.setSelection(
      design.blocks.map((b) => b.id),
      design.edges.map((e) => e.id),
    );
    return DONE;
  },
};
