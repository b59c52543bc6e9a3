/** Constraint filtering (pure, instant): exact params/MACs from generation, measured latency from the caller. */
import type { Candidate, ConstraintFilterResult, ConstraintKey, Constraints } from './types';

export const CONSTRAINT_ORDER: readonly ConstraintKey[] = ['maxParams', 'maxMacs', 'maxLatencyMs'];

/**
 * Keeps the candidates that meet every constraint; each removed candidate is counted under the first
 * constraint (in CONSTRAINT_ORDER) it fails. `latencyMs` maps candidate id → measured ms; a candidate
 * without a measurement is kept and listed in `unmeasured` while maxLatencyMs is set.
 */
export function filterByConstraints(
  candidates: readonly Candidate[],
  constraints: Constraints,
  latencyMs: ReadonlyMap<string, number> = new Map(),
): ConstraintFilterResult {
  const removedBy: Record<ConstraintKey, number> = { maxParams: 0, maxMacs: 0, maxLatencyMs: 0 };
  const unmeasured: string[] = [];
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const value: Record<ConstraintKey, number | undefined> = { maxParams: c.params, maxMacs: c.macs, maxLatencyMs: latencyMs.get(c.id) };
    if (constraints.maxLatencyMs !== undefined && value.maxLatencyMs === undefined) unmeasured.push(c.id);
    const failed = CONSTRAINT_ORDER.find((k) => {
      const limit = constraints[k];
      const v = value[k];
      return limit !== undefined && v !== undefined && v > limit;
    });
    if (failed) removedBy[failed]++;
    else kept.push(c);
  }
  return { kept, removedBy, unmeasured };
}
