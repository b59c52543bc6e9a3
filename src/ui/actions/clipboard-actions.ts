import { copySelection, deleteItems, duplicateBlocks, pasteClipboard } from '../../core/graph/edits';
import type { AppState } from '../../state/store';
import { selectActiveDesign } from '../../state/store';
import { DONE, notDone, type EditorAction } from './types';

/** Pastes since the last copy or cut: each paste of the same copy lands one offset further away. */
let pastesOfCopy = 0;

function hasSelectedBlocks(s: AppState): boolean {
  const design = selectActiveDesign(s);
  if (!design || s.selectedBlockIds.length === 0) return false;
  const selected = new Set(s.selectedBlockIds);
  return design.blocks.some((b) => selected.has(b.id));
}

/** Copies the selected blocks (with the edges between them) to the clipboard; true when something was copied. */
function copySelected(s: AppState): boolean {
  const design = selectActiveDesign(s);
  const clip = design ? copySelection(design, s.selectedBlockIds) : null;
  if (!clip) return false;
  s.setClipboard(clip);
  pastesOfCopy = 0;
  return true;
}

export const copyAction: EditorAction = {
  id: 'copy',
  label: 'Copy',
  keys: ['Mod+C'],
  enabled: hasSelectedBlocks,
  perform: (s) => (copySelected(s) ? DONE : notDone('No block is selected')),
};

export const cutAction: EditorAction = {
  id: 'cut',
  label: 'Cut',
  keys: ['Mod+X'],
  enabled: hasSelectedBlocks,
  perform(s) {
    if (!copySelected(s)) return notDone('No block is selected');
    s.applyEdit((d) => deleteItems(d, { blockIds: s.selectedBlockIds, edgeIds: [] }), { label: 'Cut' });
    s.setSelection([], []);
    return DONE;
  },
};

export const pasteAction: EditorAction = {
  id: 'paste',
  label: 'Paste',
  keys: ['Mod+V'],
  enabled: (s) => s.clipboard !== null,
  perform(s) {
    const clipboard = s.clipboard;
    if (!clipboard) return notDone('The clipboard is empty');
    pastesOfCopy += 1;
    const offset = pastesOfCopy;
    const pasted = s.applyEdit((d) => pasteClipboard(d, { clipboard, offset }), { label: 'Paste' });
    if (!pasted) return notDone('No design is open');
    s.setSelection(pasted.blockIds);
    return DONE;
  },
};

export const duplicateAction: EditorAction = {
  id: 'duplicate',
  label: 'Duplicate',
  keys: ['Mod+D'],
  enabled: hasSelectedBlocks,
  claimsKeyWhenDisabled: true,
  perform(s) {
    const duplicated = s.applyEdit((d) => duplicateBlocks(d, { blockIds: s.selectedBlockIds }), { label: 'Duplicate' });
    if (!duplicated || duplicated.blockIds.length === 0) return notDone('No block is selected');
    s.setSelection(duplicated.blockIds);
    return DONE;
  },
};
