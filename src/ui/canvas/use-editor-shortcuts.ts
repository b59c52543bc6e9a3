import { useEffect, useRef } from 'react';
import { selectActiveDesign, useAppStore } from '../../state/store';
import { copySelection, deleteItems, duplicateBlocks, pasteClipboard } from '../../core/graph/edits';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(type);
}

/** Paste the clipboard (offset grows with each paste of the same copy) and select the new blocks. */
function paste(offset: number): void {
  const s = useAppStore.getState();
  const clip = s.clipboard;
  if (!clip) return;
  const pasted = s.applyEdit((d) => pasteClipboard(d, { clipboard: clip, offset }), { label: 'Paste' });
  if (pasted) s.setSelection(pasted.blockIds);
}

/**
 * Editor keyboard shortcuts (ignored while typing in a field): undo Ctrl/Cmd+Z, redo Ctrl+Shift+Z / Ctrl+Y,
 * Delete/Backspace, copy/cut/paste/duplicate Ctrl+C/X/V/D, select all Ctrl+A.
 */
export function useEditorShortcuts(): void {
  const pasteCount = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isEditable(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const s = useAppStore.getState();
      const design = selectActiveDesign(s);
      if (!design) return;
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) s.redo();
        else s.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        s.redo();
      } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
        if (s.selectedBlockIds.length === 0 && s.selectedEdgeIds.length === 0) return;
        e.preventDefault();
        s.applyEdit((d) => deleteItems(d, { blockIds: s.selectedBlockIds, edgeIds: s.selectedEdgeIds }), { label: 'Delete' });
        s.setSelection([], []);
      } else if (mod && (key === 'c' || key === 'x')) {
        const clip = copySelection(design, s.selectedBlockIds);
        if (!clip) return;
        e.preventDefault();
        s.setClipboard(clip);
        pasteCount.current = 0;
        if (key === 'x') {
          s.applyEdit((d) => deleteItems(d, { blockIds: s.selectedBlockIds, edgeIds: [] }), { label: 'Cut' });
          s.setSelection([], []);
        }
      } else if (mod && key === 'v') {
        if (!s.clipboard) return;
        e.preventDefault();
        pasteCount.current += 1;
        paste(pasteCount.current);
      } else if (mod && key === 'd') {
        e.preventDefault();
        if (s.selectedBlockIds.length === 0) return;
        const duplicated = s.applyEdit((d) => duplicateBlocks(d, { blockIds: s.selectedBlockIds }), { label: 'Duplicate' });
        if (duplicated && duplicated.blockIds.length > 0) s.setSelection(duplicated.blockIds);
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.setSelection(
          design.blocks.map((b) => b.id),
          design.edges.map((x) => x.id),
        );
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
