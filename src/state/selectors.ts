import type { Design } from '../core/graph/types';
import type { Variant } from './types';

/**
 * Lookups over the store's variants, written once. Typed against the two fields they read, so slices
 * (whose get() sees only part of the store) and plain state snapshots can use them too.
 */
export interface VariantsView {
  variants: readonly Variant[];
  activeVariantId: string | null;
}

export function selectVariant(s: VariantsView, id: string | null | undefined): Variant | undefined {
  return id == null ? undefined : s.variants.find((v) => v.id === id);
}

/** The active variant (undefined only before any variant exists). */
export function selectActiveVariant(s: VariantsView): Variant | undefined {
  return selectVariant(s, s.activeVariantId);
}

/** The design of the active variant (undefined only before any variant exists). */
export function selectActiveDesign(s: VariantsView): Design | undefined {
  return selectActiveVariant(s)?.design;
}
