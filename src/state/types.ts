import type { EditResult } from '../core/graph/edits/edit-result';
import type { Design } from '../core/graph/types';

/**
 * Store contract shared by the editor, the variants/persistence layer and the training UI.
 * One zustand store (src/state/store.ts) is built from slices under src/state/slices/.
 */
export interface Variant {
  id: string;
  name: string;
  design: Design;
  createdAt: number;
  updatedAt: number;
  /** Id of the variant this one was forked from, if any. */
  forkedFrom?: string;
}

/** Owned by src/state/slices/variants-slice.ts */
export interface VariantsSlice {
  variants: Variant[];
  activeVariantId: string | null;
  /** Adds a variant (blank when design is omitted) and makes it active; returns its id. */
  createVariant(design?: Design, name?: string): string;
  duplicateVariant(id: string): string;
  renameVariant(id: string, name: string): void;
  deleteVariant(id: string): void;
  setActiveVariant(id: string): void;
  /** Replaces all variants (used when restoring from IndexedDB). */
  hydrateVariants(variants: Variant[], activeVariantId: string | null): void;
}

/** Owned by src/state/slices/design-slice.ts: edits the active variant's design. */
export interface DesignSlice {
  /** Applies an immutable update to the active design. Edits with the same coalesceKey in a row form one undo step. */
  updateDesign(recipe: (design: Design) => Design, options?: { coalesceKey?: string; label?: string }): void;
  /**
   * Applies a graph edit (src/core/graph/edits) to the active design, recorded like updateDesign, and returns
   * the edit's result (undefined when there is no active variant). A refused edit returns its design unchanged.
   */
  applyEdit<R>(edit: (design: Design) => EditResult<R>, options?: { coalesceKey?: string; label?: string }): R | undefined;
  /** Replaces the active design as one undoable step (imports, file open). */
  replaceDesign(design: Design, label?: string): void;
  selectedBlockIds: string[];
  selectedEdgeIds: string[];
  setSelection(blockIds: string[], edgeIds?: string[]): void;
}

/** A message shown to the user (dismissible). */
export interface Notice {
  id: string;
  kind: 'error' | 'info' | 'success';
  text: string;
}

export interface NoticeSlice {
  notices: Notice[];
  notify(kind: Notice['kind'], text: string): void;
  dismissNotice(id: string): void;
}
