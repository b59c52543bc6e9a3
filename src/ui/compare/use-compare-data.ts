import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GraphAnalysis } from '../../core/graph/analysis-types';
import { buildComparisonRows, representativeRun, type ComparisonRow } from '../../core/compare/index';
import type { RunRecord } from '../../state/persistence/runs-db';
import { recordFromRun } from '../../state/slices/training-run';
import { useAppStore, type AppState } from '../../state/store';
import { analyzeCached } from '../summary/use-analysis';
import type { Variant } from '../../state/types';

/** Persisted runs plus the live run of this page session when it finished but is not saved yet. */
export function useAllRuns(): RunRecord[] {
  const { runs, live } = useAppStore(useShallow((s) => ({ runs: s.trainingRuns, live: s.liveRun })));
  const loadRuns = useAppStore((s) => s.loadTrainingRuns);
  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);
  return useMemo(() => {
    if (!live || live.status === 'running' || live.status === 'paused' || runs.some((r) => r.id === live.id)) return runs;
    return [recordFromRun(live), ...runs];
  }, [runs, live]);
}

export interface CompareData {
  variants: Variant[];
  rows: ComparisonRow[];
  analyses: Map<string, GraphAnalysis>;
  /** The run each row's results come from, by variant id. */
  runs: Map<string, RunRecord>;
}

/**
 * The store's variants, frozen while `visible` is false: the comparison stays mounted under the editor
 * (hidden), and without this every keystroke in the editor would re-analyse and re-render it.
 */
export function useVariantsWhileVisible(visible: boolean): Variant[] {
  const last = useRef<Variant[] | null>(null);
  const select = useCallback((s: AppState) => (visible || last.current === null ? s.variants : last.current), [visible]);
  const variants = useAppStore(select);
  last.current = variants;
  return variants;
}

/** Rows, analyses and representative runs of the selected variants (in the variants' order). */
export function useCompareData(allVariants: Variant[], selected: ReadonlySet<string>): CompareData {
  const allRuns = useAllRuns();
  return useMemo(() => {
    const variants = allVariants.filter((v) => selected.has(v.id));
    const analyses = new Map(variants.map((v) => [v.id, analyzeCached(v.design)] as const));
    const runs = new Map<string, RunRecord>();
    for (const v of variants) {
      const r = representativeRun(v.id, allRuns);
      if (r) runs.set(v.id, r);
    }
    return { variants, rows: buildComparisonRows(variants, allRuns), analyses, runs };
  }, [allVariants, allRuns, selected]);
}
