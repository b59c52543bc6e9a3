import { useEffect, useMemo } from 'react';
import { ensureSearchesLoaded } from '../../state/explore/explore-service';
import { candidateMarks, useExploreStore, type CandidateMark } from '../../state/explore/explore-store';

/** By variant id: the explorer candidates' last rung and budget (the trade-off chart marks those that did not reach the last round). */
export function useExploreMarks(): Map<string, CandidateMark> {
  const searches = useExploreStore((s) => s.searches);
  useEffect(() => {
    void ensureSearchesLoaded();
  }, []);
  return useMemo(() => candidateMarks(searches), [searches]);
}

/** "rung 1, 8 s" (rungs counted from 1). */
export function markText(m: CandidateMark): string {
  return `rung ${m.rung + 1}, ${m.budgetSeconds < 10 ? m.budgetSeconds.toFixed(1) : Math.round(m.budgetSeconds)} s`;
}
