import { describe, expect, it } from 'vitest';
import { buildSoraFastMnist } from '../templates/sora-fast-mnist';
import { generateCandidates } from './candidates';
import { compareRanked, planSuccessiveHalving, promote, rungSizes } from './halving';
import { paretoFront } from './pareto';
import { pickForBudget, runSuccessiveHalving } from './search';
import type { Candidate, CandidateResult, TrainOutcome } from './types';

const shape = (p: ReturnType<typeof planSuccessiveHalving>) => p.rungs.map((r) => [r.candidates, Number(r.secondsEach.toFixed(4))]);

describe('planSuccessiveHalving (η = 2)', () => {
  it('rung sizes are ⌈n/2^r⌉ down to 1', () => {
    expect(rungSizes(1)).toEqual([1]);
    expect(rungSizes(8)).toEqual([8, 4, 2, 1]);
    expect(rungSizes(12)).toEqual([12, 6, 3, 2, 1]);
    expect(rungSizes(5)).toEqual([5, 3, 2, 1]);
    expect(rungSizes(9, 3)).toEqual([9, 3, 1]);
  });

  it('pins the allocations: b·2^r each, the rungs sum to the budget', () => {
    // n = 8, B = 240: Σ n_r·2^r = 8 + 8 + 8 + 8 = 32 → b = 7.5
    const p8 = planSuccessiveHalving(8, 240);
    expect(shape(p8)).toEqual([
      [8, 7.5],
      [4, 15],
      [2, 30],
      [1, 60],
    ]);
    expect(p8.totalSeconds).toBeCloseTo(240, 9);
    // n = 12, B = 600: Σ = 12 + 12 + 12 + 16 + 16 = 68 → b = 600/68
    const p12 = planSuccessiveHalving(12, 600);
    expect(p12.candidates).toBe(12);
    expect(shape(p12)).toEqual([
      [12, 8.8235],
      [6, 17.6471],
      [3, 35.2941],
      [2, 70.5882],
      [1, 141.1765],
    ]);
    expect(p12.totalSeconds).toBeCloseTo(600, 9);
    // n = 5, B = 100: Σ = 5 + 6 + 8 + 8 = 27
    expect(shape(planSuccessiveHalving(5, 100))).toEqual([
      [5, 3.7037],
      [3, 7.4074],
      [2, 14.8148],
      [1, 29.6296],
    ]);
    // one candidate gets everything
    expect(shape(planSuccessiveHalving(1, 42))).toEqual([[1, 42]]);
  });

  it('admits fewer candidates when rung 0 would get less than minSeconds', () => {
    // 12 candidates, 20 s: b = 0.29 s; n = 3 → Σ 3+4+4 = 11 → 1.82 s < 3; n = 2 → Σ 2+2 = 4 → 5 s
    const p = planSuccessiveHalving(12, 20);
    expect(p.candidates).toBe(2);
    expect(shape(p)).toEqual([
      [2, 5],
      [1, 10],
    ]);
    expect(planSuccessiveHalving(12, 20, { minSeconds: 1 }).candidates).toBe(4);
    expect(shape(planSuccessiveHalving(12, 2))).toEqual([[1, 2]]);
  });

  it('refuses nonsense', () => {
    expect(() => planSuccessiveHalving(0, 10)).toThrow('at least one candidate');
    expect(() => planSuccessiveHalving(4, 0)).toThrow('positive number of seconds');
    expect(() => planSuccessiveHalving(4, 10, { eta: 1 })).toThrow('η must be an integer ≥ 2');
  });

  it('ranks by accuracy, then fewer MACs, fewer params, earlier index', () => {
    const r = [
      { index: 0, accuracy: 0.9, macs: 10, params: 5 },
      { index: 1, accuracy: 0.95, macs: 20, params: 5 },
      { index: 2, accuracy: 0.9, macs: 8, params: 5 },
      { index: 3, accuracy: 0.9, macs: 8, params: 4 },
      { index: 4, accuracy: 0.9, macs: 8, params: 4 },
    ];
    expect([...r].sort(compareRanked).map((x) => x.index)).toEqual([1, 3, 4, 2, 0]);
    expect(promote(r, 2).map((x) => x.index)).toEqual([1, 3]);
  });
});

describe('runSuccessiveHalving', () => {
  const base = buildSoraFastMnist();
  const candidates = generateCandidates(base, {
    axes: [
      { kind: 'width', values: [0.5, 0.75, 1, 1.5] },
      { kind: 'dilation', block: 'receptive_field_conv_1', values: [1, 3] },
    ],
  }).candidates;

  it('trains rung by rung with the planned seconds, promotes the best half, records failures and goes on', async () => {
    expect(candidates.map((c) => c.name)).toEqual([
      '×0.5, dil 1',
      '×0.5, dil 3',
      '×0.75, dil 1',
      '×0.75, dil 3',
      'dil 1',
      'dil 3',
      '×1.5, dil 1',
      '×1.5, dil 3',
    ]);
    const calls: string[] = [];
    // accuracy grows with width and with budget; '×0.75, dil 3' always fails
    const train = async (c: Candidate, seconds: number): Promise<TrainOutcome> => {
      calls.push(`${c.name}@${seconds}`);
      if (c.name === '×0.75, dil 3') throw new Error('Training diverged: the loss became NaN');
      const w = c.changes.find((x) => x.kind === 'width')?.value ?? 1;
      return { ok: true, accuracy: Math.min(1, 0.5 + w / 4 + seconds / 1000), seconds };
    };
    const seen: CandidateResult[] = [];
    const res = await runSuccessiveHalving(candidates, { budgetSeconds: 320 }, { train, onResult: (r) => seen.push(r) });
    expect(shape(res.plan)).toEqual([
      [8, 10],
      [4, 20],
      [2, 40],
      [1, 80],
    ]);
    expect(calls).toEqual([
      ...candidates.map((c) => `${c.name}@10`),
      // the best 4 of the 7 that trained, in the order offered: width 1 and 1.5 (dilation does not matter here)
      'dil 1@20',
      'dil 3@20',
      '×1.5, dil 1@20',
      '×1.5, dil 3@20',
      '×1.5, dil 1@40',
      '×1.5, dil 3@40',
      // tie on accuracy, MACs and params → the earlier candidate
      '×1.5, dil 1@80',
    ]);
    const byName = Object.fromEntries(res.results.map((r) => [r.name, r]));
    expect(byName['×0.75, dil 3']).toMatchObject({ status: 'failed', rung: 0, budgetSeconds: 10, message: 'Training diverged: the loss became NaN' });
    expect(byName['×0.5, dil 1']).toMatchObject({ status: 'dropped', rung: 0, budgetSeconds: 10, accuracy: 0.635 });
    expect(byName['dil 1']).toMatchObject({ status: 'dropped', rung: 1, budgetSeconds: 20 });
    expect(byName['×1.5, dil 3']).toMatchObject({ status: 'dropped', rung: 2, budgetSeconds: 40 });
    expect(byName['×1.5, dil 1']).toMatchObject({ status: 'final', rung: 3, budgetSeconds: 80, accuracy: 0.955 });
    expect(res.best).toBe('×1.5, dil 1');
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((r) => r.id)).size).toBe(8);
    expect(res.results.map((r) => r.id)).toEqual(candidates.map((c) => c.id));
  });

  it('a tight budget skips candidates (base kept) and a stop request ends the search with what was trained', async () => {
    const g = generateCandidates(base, { axes: [{ kind: 'width', values: [0.5, 1, 1.5] }] }).candidates;
    expect(pickForBudget(g, 1).map((c) => c.name)).toEqual(['base']);
    const res = await runSuccessiveHalving(g, { budgetSeconds: 4 }, { train: async (_c, s) => ({ ok: true, accuracy: 0.9, seconds: s }) });
    expect(res.results.map((r) => [r.name, r.status, r.budgetSeconds])).toEqual([
      ['base', 'final', 4],
      ['×0.5', 'skipped', 0],
      ['×1.5', 'skipped', 0],
    ]);
    let n = 0;
    const stopped = await runSuccessiveHalving(
      g,
      { budgetSeconds: 100 },
      {
        train: async (_c, s) => ({ ok: true, accuracy: 0.9, seconds: s }),
        shouldStop: () => ++n > 4,
      },
    );
    expect(stopped.stopped).toBe(true);
    expect(stopped.results.map((r) => r.status)).toEqual(['dropped', 'dropped', 'dropped']);
    expect(stopped.best).toBeNull();
  });
});

describe('paretoFront', () => {
  it('keeps candidates no other beats on both MACs and accuracy', () => {
    const r = (name: string, macs: number, accuracy: number | undefined, status: CandidateResult['status'] = 'final'): CandidateResult => ({
      id: name,
      name,
      changes: [],
      params: 0,
      macs,
      isBase: false,
      status,
      rung: 0,
      budgetSeconds: 1,
      ...(accuracy !== undefined ? { accuracy } : {}),
    });
    expect(
      paretoFront([r('a', 10, 0.9), r('b', 5, 0.8), r('c', 20, 0.85), r('d', 20, 0.95), r('e', 1, undefined, 'failed'), r('f', 5, 0.8, 'dropped')]),
    ).toEqual(['b', 'f', 'a', 'd']);
  });
});
