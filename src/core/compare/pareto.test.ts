import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParetoOptimal, paretoFront } from './pareto';

const p = (id: string, cost: number, accuracy: number) => ({ id, cost, accuracy });

describe('paretoFront', () => {
  it('keeps the cheaper-or-better points, sorted by cost', () => {
    const pts = [p('a', 100, 0.9), p('b', 50, 0.8), p('c', 200, 0.95), p('d', 150, 0.85), p('e', 60, 0.7), p('f', 300, 0.95)];
    expect(paretoFront(pts).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('handles empty input, one point and non-finite values', () => {
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([p('x', 1, 0.5)]).map((x) => x.id)).toEqual(['x']);
    expect(paretoFront([p('x', NaN, 0.9), p('y', 5, 0.2)]).map((x) => x.id)).toEqual(['y']);
  });

  it('agrees with the pairwise definition (property)', () => {
    const arb = fc.array(fc.record({ cost: fc.integer({ min: 0, max: 20 }), accuracy: fc.integer({ min: 0, max: 20 }) }), { maxLength: 25 });
    fc.assert(
      fc.property(arb, (raw) => {
        const pts = raw.map((r, i) => p(String(i), r.cost, r.accuracy / 20));
        const front = new Set(paretoFront(pts).map((x) => x.id));
        for (const q of pts) expect(front.has(q.id)).toBe(isParetoOptimal(q, pts));
        const costs = paretoFront(pts).map((x) => x.cost);
        expect([...costs].sort((a, b) => a - b)).toEqual(costs);
      }),
      { numRuns: 200 },
    );
  });
});
