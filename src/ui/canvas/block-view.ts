import { useShallow } from 'zustand/react/shallow';
import type { GraphAnalysis } from '../../core/graph/analysis-types';
import { selectActiveDesign, useAppStore, type AppState } from '../../state/store';
import { formatShape } from '../summary/format';
import { analyzeCached } from '../summary/use-analysis';
import { issuesOf } from './flow-mapping';

/** What a block node shows from the analysis, as plain values (compared field by field). */
export interface BlockView {
  /** Output shape, e.g. "28×28×16"; null when unresolved. */
  shape: string | null;
  /** Parameters and MACs of the block; null when unresolved. */
  params: number | null;
  macs: number | null;
  /** Worst issue attached to the block. */
  severity: 'error' | 'warning' | null;
  /** Message of the first error, if any. */
  firstError: string | null;
  /** Every issue of the block, one per line ("Error: …", "Warning: …"); '' when none. */
  issueText: string;
}

const UNRESOLVED: BlockView = { shape: null, params: null, macs: null, severity: null, firstError: null, issueText: '' };

export function blockView(analysis: GraphAnalysis, blockId: string): BlockView {
  const stats = analysis.byId[blockId];
  const issues = issuesOf(analysis).block.get(blockId);
  if (!stats && !issues) return UNRESOLVED;
  const firstError = issues?.find((i) => i.severity === 'error')?.message ?? null;
  return {
    shape: stats?.outputShape ? formatShape(stats.outputShape) : null,
    params: stats?.cost?.params ?? null,
    macs: stats?.cost?.macs ?? null,
    severity: firstError !== null ? 'error' : issues?.length ? 'warning' : null,
    firstError,
    issueText: issues ? issues.map((i) => `${i.severity === 'error' ? 'Error' : 'Warning'}: ${i.message}`).join('\n') : '',
  };
}

function selectBlockView(s: AppState, blockId: string): BlockView {
  const design = selectActiveDesign(s);
  return design ? blockView(analyzeCached(design), blockId) : UNRESOLVED;
}

/**
 * The analysis numbers of one block, straight from the store (the analysis is computed once per design
 * version and shared). The node re-renders only when one of these values changes: an edit upstream
 * re-renders the nodes whose shape or cost it changes, not all of them.
 */
export function useBlockView(blockId: string): BlockView {
  return useAppStore(useShallow((s: AppState) => selectBlockView(s, blockId)));
}
