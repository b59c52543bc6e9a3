import type { StateCreator } from 'zustand';
import type { BlockNode, Edge } from '../../core/graph/types';

/** Blocks (and the edges between them) copied with Ctrl+C / Ctrl+X. */
export interface Clipboard {
  blocks: BlockNode[];
  edges: Edge[];
}

export type BottomTab = 'layers' | 'train' | 'explore' | 'inspect';

/** A one-shot request to the canvas (handled once, identified by its sequence number). */
export type CanvasRequest = { seq: number; type: 'fit' } | { seq: number; type: 'center'; blockId: string } | { seq: number; type: 'layout' };

/** Editor UI state that is not part of the design and not undoable. */
export interface UiSlice {
  clipboard: Clipboard | null;
  bottomTab: BottomTab;
  bottomOpen: boolean;
  canvasRequest: CanvasRequest | null;
  setClipboard(clipboard: Clipboard | null): void;
  setBottomTab(tab: BottomTab): void;
  setBottomOpen(open: boolean): void;
  /** Asks the canvas to fit the view, center a block or run auto-layout. */
  requestCanvas(request: { type: 'fit' } | { type: 'center'; blockId: string } | { type: 'layout' }): void;
}

let requestSeq = 0;

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  clipboard: null,
  bottomTab: 'layers',
  bottomOpen: true,
  canvasRequest: null,
  setClipboard(clipboard) {
    set({ clipboard });
  },
  setBottomTab(bottomTab) {
    set({ bottomTab, bottomOpen: true });
  },
  setBottomOpen(bottomOpen) {
    set({ bottomOpen });
  },
  requestCanvas(request) {
    requestSeq += 1;
    set({ canvasRequest: { ...request, seq: requestSeq } });
  },
});
