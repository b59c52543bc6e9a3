import type { Design } from '../../core/graph/types';
import { formatCompact, formatExact } from '../summary/format';
import { displayTotals } from '../summary/resolved-totals';
import { analyzeCached } from '../summary/use-analysis';

export interface VariantSummary {
  /** Short line for the list, e.g. "50.2K params · 1.3M MACs". */
  short: string;
  /** Exact numbers for the tooltip. */
  detail: string;
  valid: boolean;
}

/** Params/MACs line of a variant (analysis cached per design object, shared with the editor panels). */
export function summarizeDesign(design: Design): VariantSummary {
  if (design.blocks.length === 0) return { short: 'empty', detail: 'No blocks yet', valid: true };
  const a = analyzeCached(design);
  // Invalid designs: the resolved part's totals, as in the summary bar.
  const t = displayTotals(a);
  const errors = a.issues.filter((i) => i.severity === 'error').length;
  const short = `${formatCompact(t.params)} params · ${formatCompact(t.macs)} MACs${errors ? ` · ${errors} error${errors > 1 ? 's' : ''}` : ''}`;
  const detail = `${formatExact(t.params)} params, ${formatExact(t.macs)} MACs, ${design.blocks.length} blocks${errors ? ' (resolved part)' : ''}${errors ? `, ${errors} error${errors > 1 ? 's' : ''}` : ''}`;
  return { short, detail, valid: a.valid };
}
