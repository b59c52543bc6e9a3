/** Pareto front of trained candidates: fewer MACs and higher accuracy are better. */
import type { CandidateResult } from './types';

/**
 * Names of the candidates with an accuracy that no other candidate beats with no more MACs and at least the
 * same accuracy (one of the two strictly better), by MACs ascending (ties by name). Candidates were trained for
 * different budgets (those dropped early got less), so the front uses each one's last-rung accuracy as is.
 */
export function paretoFront(results: readonly CandidateResult[]): string[] {
  const pts = results.filter((r) => r.accuracy !== undefined && (r.status === 'final' || r.status === 'dropped'));
  const front = pts.filter(
    (a) =>
      !pts.some(
        (b) => b !== a && b.macs <= a.macs && (b.accuracy ?? 0) >= (a.accuracy ?? 0) && (b.macs < a.macs || (b.accuracy ?? 0) > (a.accuracy ?? 0)),
      ),
  );
  return front.sort((a, b) => a.macs - b.macs || a.name.localeCompare(b.name)).map((r) => r.name);
}
