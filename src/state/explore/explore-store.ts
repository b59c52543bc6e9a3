import { create } from 'zustand';
import { DEFAULT_FORM, type ExploreForm } from './explore-form';
import type { SearchRecord } from './search-record';

/**
 * The explorer's own small store (kept apart from the app store: nothing here is part of a design or undoable):
 * the panel's form and the searches (the live one first). src/state/explore/explore-service.ts writes it.
 */
export interface ExploreState {
  form: ExploreForm;
  /** Newest first; the live search, when there is one, is `searches[0]`. */
  searches: SearchRecord[];
  /** Id of the search this page is running (null when none). */
  liveSearchId: string | null;
  loaded: boolean;
  setForm(patch: Partial<ExploreForm>): void;
}

export const useExploreStore = create<ExploreState>()((set) => ({
  form: DEFAULT_FORM,
  searches: [],
  liveSearchId: null,
  loaded: false,
  setForm(patch) {
    set((s) => ({ form: { ...s.form, ...patch } }));
  },
}));

/** Replaces one search record (by id) or adds it in front. */
export function putSearch(r: SearchRecord): void {
  useExploreStore.setState((s) => {
    const i = s.searches.findIndex((x) => x.id === r.id);
    return { searches: i < 0 ? [r, ...s.searches] : s.searches.map((x) => (x.id === r.id ? r : x)) };
  });
}

/** Candidate marks for the trade-off chart: by variant id, the candidates that did not reach a search's last rung. */
export interface CandidateMark {
  rung: number;
  budgetSeconds: number;
  final: boolean;
}

export function candidateMarks(searches: readonly SearchRecord[]): Map<string, CandidateMark> {
  const out = new Map<string, CandidateMark>();
  // Oldest first so that a variant's newest search wins.
  for (const s of [...searches].reverse()) {
    for (const c of s.candidates) {
      if (!c.variantId || c.rung < 0) continue;
      out.set(c.variantId, { rung: c.rung, budgetSeconds: c.budgetSeconds, final: c.status === 'final' });
    }
  }
  return out;
}

declare global {
  interface Window {
    __soraExplore?: typeof useExploreStore;
  }
}
if (typeof window !== 'undefined') window.__soraExplore = useExploreStore;
