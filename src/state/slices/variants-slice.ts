import type { StateCreator } from 'zustand';
import { emptyDesign, newId } from '../../core/graph/factory';
import type { Design } from '../../core/graph/types';
import type { DesignSlice, Variant, VariantsSlice } from '../types';
import { deleteVariantWeights, saveVariantWeights, variantWeights } from '../variant-weights';
import { forgetLatency } from '../latency';

type State = VariantsSlice & DesignSlice;

/** Smallest "Variant N" not already used. */
export function nextVariantName(variants: readonly Variant[], stem = 'Variant'): string {
  const used = new Set(variants.map((v) => v.name));
  for (let n = variants.length + 1; ; n++) {
    const name = `${stem} ${n}`;
    if (!used.has(name)) return name;
  }
}

/** `base`, or `base (2)`, `base (3)`… whichever is free. */
export function uniqueVariantName(variants: readonly Variant[], base: string): string {
  const used = new Set(variants.map((v) => v.name));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const name = `${base} (${n})`;
    if (!used.has(name)) return name;
  }
}

/** A deep copy of a design (plain JSON data), so forks never share arrays with their source. */
export function cloneDesign(design: Design): Design {
  return structuredClone(design);
}

const MAX_NAME_LENGTH = 120;

/** Trimmed, collapsed whitespace, bounded length; null when nothing is left. */
export function cleanVariantName(name: string): string | null {
  const cleaned = name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return cleaned.length > 0 ? cleaned : null;
}

/**
 * The list of design variants and which one is edited. The variant's `name` is the source of
 * truth for its title (files and share links take it); `design.name` is kept as it was created.
 * Variant-list changes are not undo steps (store.ts only records design changes).
 */
export const createVariantsSlice: StateCreator<State, [], [], VariantsSlice> = (set, get) => ({
  variants: [],
  activeVariantId: null,

  createVariant(design, name) {
    const { variants } = get();
    const now = Date.now();
    const title = cleanVariantName(name ?? design?.name ?? '') ?? nextVariantName(variants);
    const variant: Variant = {
      id: newId('v'),
      name: uniqueVariantName(variants, title),
      design: design ? cloneDesign(design) : emptyDesign(title),
      createdAt: now,
      updatedAt: now,
    };
    set({ variants: [...variants, variant], activeVariantId: variant.id, selectedBlockIds: [], selectedEdgeIds: [] });
    return variant.id;
  },

  duplicateVariant(id) {
    const { variants } = get();
    const source = variants.find((v) => v.id === id);
    if (!source) return '';
    const now = Date.now();
    const fork: Variant = {
      id: newId('v'),
      name: uniqueVariantName(variants, `${source.name} (fork)`),
      design: cloneDesign(source.design),
      createdAt: now,
      updatedAt: now,
      forkedFrom: source.id,
    };
    const imported = variantWeights(source.id);
    if (imported) saveVariantWeights(fork.id, imported).catch(() => undefined); // a fork of an imported model keeps its weights
    const at = variants.indexOf(source) + 1;
    set({
      variants: [...variants.slice(0, at), fork, ...variants.slice(at)],
      activeVariantId: fork.id,
      selectedBlockIds: [],
      selectedEdgeIds: [],
    });
    return fork.id;
  },

  renameVariant(id, name) {
    const cleaned = cleanVariantName(name);
    if (!cleaned) return;
    const { variants } = get();
    const target = variants.find((v) => v.id === id);
    if (!target || target.name === cleaned) return;
    set({ variants: variants.map((v) => (v.id === id ? { ...v, name: cleaned, updatedAt: Date.now() } : v)) });
  },

  deleteVariant(id) {
    const { variants, activeVariantId } = get();
    const index = variants.findIndex((v) => v.id === id);
    if (index < 0) return;
    let rest = variants.filter((v) => v.id !== id);
    if (variantWeights(id)) deleteVariantWeights(id).catch(() => undefined);
    forgetLatency(id);
    if (rest.length === 0) {
      // Never leave the editor without a design: a blank one takes the last one's place.
      const now = Date.now();
      rest = [{ id: newId('v'), name: 'Variant 1', design: emptyDesign('Variant 1'), createdAt: now, updatedAt: now }];
    }
    const active = activeVariantId === id ? rest[Math.min(index, rest.length - 1)].id : (activeVariantId ?? rest[0].id);
    const selection = active !== activeVariantId ? { selectedBlockIds: [], selectedEdgeIds: [] } : {};
    set({ variants: rest, activeVariantId: active, ...selection });
  },

  setActiveVariant(id) {
    const { variants, activeVariantId } = get();
    if (id === activeVariantId || !variants.some((v) => v.id === id)) return;
    set({ activeVariantId: id, selectedBlockIds: [], selectedEdgeIds: [] });
  },

  hydrateVariants(variants, activeVariantId) {
    const active = activeVariantId !== null && variants.some((v) => v.id === activeVariantId) ? activeVariantId : (variants[0]?.id ?? null);
    const selection = active !== get().activeVariantId ? { selectedBlockIds: [], selectedEdgeIds: [] } : {};
    set({ variants, activeVariantId: active, ...selection });
  },
});
