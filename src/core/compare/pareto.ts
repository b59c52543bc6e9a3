/** A variant on the trade-off chart: lower cost and higher accuracy are better. */
export interface TradeoffPoint {
  id: string;
  cost: number;
  accuracy: number;
}

/**
 * The Pareto front: points no other point beats on both axes (cost ≤ and accuracy ≥, one strictly).
 * Returned sorted by cost ascending (accuracy then rises along the front), ready to draw as a line.
 * Points with non-finite values are ignored; exact duplicates both stay on the front.
 */
export function paretoFront<P extends TradeoffPoint>(points: readonly P[]): P[] {
  const finite = points.filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.accuracy));
  const sorted = [...finite].sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy);
  const front: P[] = [];
  let bestAccuracy = -Infinity;
  let lastCost = NaN;
  for (const p of sorted) {
    if (p.accuracy > bestAccuracy) {
      front.push(p);
      bestAccuracy = p.accuracy;
      lastCost = p.cost;
    } else if (p.accuracy === bestAccuracy && p.cost === lastCost) {
      front.push(p);
    }
  }
  return front;
}

/** True when `p` is on the front of `points`. */
export function isParetoOptimal(p: TradeoffPoint, points: readonly TradeoffPoint[]): boolean {
  return !points.some((q) => q !== p && q.cost <= p.cost && q.accuracy >= p.accuracy && (q.cost < p.cost || q.accuracy > p.accuracy));
}
