import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import { getTemplate } from '../templates/index';
import { buildComparisonRows, rowAccuracy, sortComparisonRows } from './rows';
import { epochEndX, imagesPerSecond, latestTrainedRun, representativeRun, trainingSeconds, type CompareRun } from './run-summary';

const lite = { id: 'v1', name: 'Lite', design: getTemplate('sora-lite-mnist')!.build() };
const residual = { id: 'v2', name: 'Residual', design: getTemplate('sora-residual')!.build() };

function run(p: Partial<CompareRun> & { id: string; variantId: string }): CompareRun {
  return {
    status: 'completed',
    startedAt: 1000,
    finishedAt: 61_000,
    backend: 'wasm',
    config: { epochs: 2, limit: 1000, validationSplit: 0.1 },
    epochHistory: [
      { epoch: 0, accuracy: 0.7, valAccuracy: 0.8, seconds: 20 },
      { epoch: 1, accuracy: 0.9, valAccuracy: 0.92, seconds: 25 },
    ],
    final: { testAccuracy: 0.91 },
    hasWeights: true,
    ...p,
  };
}

describe('comparison rows', () => {
  it('takes costs from analyzeDesign and results from the best completed run', () => {
    const runs = [
      run({ id: 'r1', variantId: 'v1', startedAt: 10 }),
      run({ id: 'r2', variantId: 'v1', startedAt: 20, epochHistory: [{ epoch: 0, accuracy: 0.5, valAccuracy: 0.6, seconds: 9 }] }),
      run({ id: 'r3', variantId: 'v1', startedAt: 30, status: 'failed' }),
    ];
    const [a, b] = buildComparisonRows([lite, residual], runs);
    const t = analyzeDesign(lite.design).totals;
    expect(a).toMatchObject({
      variantId: 'v1',
      params: t.params,
      macs: t.macs,
      flops: t.flops,
      activationBytes: t.activationBytes,
      receptiveField: [44, 44],
    });
    expect(a.params).toBe(50451);
    expect(a.runId).toBe('r1');
    expect(a.bestValAccuracy).toBe(0.92);
    expect(a.testAccuracy).toBe(0.91);
    expect(a.trainingSeconds).toBe(45);
    // 900 training images per epoch × 2 epochs / 45 s
    expect(a.imagesPerSecond).toBe(40);
    expect(a.backend).toBe('wasm');
    expect(b).toMatchObject({ variantId: 'v2', params: 19411, macs: 5069200, runId: null, bestValAccuracy: null, testAccuracy: null, backend: null });
    expect(rowAccuracy(a)).toBe(0.91);
    expect(rowAccuracy(b)).toBeNull();
  });

  it('falls back to the newest stopped run with epochs, and picks the newest trained run for exports', () => {
    const runs = [
      run({ id: 's1', variantId: 'v1', status: 'stopped', startedAt: 5, final: undefined }),
      run({ id: 's2', variantId: 'v1', status: 'stopped', startedAt: 7, epochHistory: [], final: undefined }),
      run({ id: 'f', variantId: 'v1', status: 'failed', startedAt: 9, hasWeights: false }),
    ];
    expect(representativeRun('v1', runs)?.id).toBe('s1');
    expect(latestTrainedRun('v1', runs)?.id).toBe('s2');
    expect(latestTrainedRun('v2', runs)).toBeNull();
  });

  it('measures time and throughput only when known', () => {
    const r = run({ id: 'x', variantId: 'v1', epochHistory: [], config: { epochs: 1, validationSplit: 0 } });
    expect(trainingSeconds(r)).toBe(60);
    expect(imagesPerSecond(r)).toBeNull();
  });

  it("takes a time-limited run's speed from its epochs (no image limit needed)", () => {
    // The whole training set (no limit), stopped by the time limit at 47% of the first epoch at 357 images/s.
    const r = run({
      id: 't',
      variantId: 'v1',
      config: { epochs: 2, validationSplit: 0.05 },
      epochHistory: [{ epoch: 0, accuracy: 0.9, valAccuracy: 0.95, seconds: 76, fraction: 0.47, imagesPerSecond: 357 }],
    });
    expect(imagesPerSecond(r)).toBe(357);
    expect(buildComparisonRows([lite], [{ ...r, variantId: 'v1' }])[0].imagesPerSecond).toBe(357);
    // Two epochs at different speeds: weighted by their time.
    const two = run({
      id: 'u',
      variantId: 'v1',
      config: { epochs: 2, validationSplit: 0 },
      epochHistory: [
        { epoch: 0, accuracy: 0.9, seconds: 10, imagesPerSecond: 300, fraction: 1 },
        { epoch: 1, accuracy: 0.9, seconds: 30, imagesPerSecond: 400, fraction: 1 },
      ],
    });
    expect(imagesPerSecond(two)).toBe(375);
  });

  it('gives an invalid design the costs of its resolved part, flagged partial, never a 0', () => {
    const out = lite.design.blocks.find((b) => b.kind === 'output')!;
    const cut = { ...lite, design: { ...lite.design, edges: lite.design.edges.filter((e) => e.target !== out.id) } };
    expect(analyzeDesign(cut.design).totals.params).toBe(0);
    const [valid, broken] = buildComparisonRows([lite, cut], []);
    expect(valid.partial).toBe(false);
    expect(broken).toMatchObject({ valid: false, partial: true });
    // 50,451 − the output's dense layer.
    const dense = analyzeDesign(lite.design).byId[out.id].cost!;
    expect(broken.params).toBe(50451 - dense.params);
    expect(broken.macs).toBe(valid.macs - dense.macs);
  });

  it('places an epoch point where the epoch ended', () => {
    expect(epochEndX({ epoch: 0, fraction: 0.47 })).toBeCloseTo(0.47);
    expect(epochEndX({ epoch: 1, fraction: 1 })).toBe(2);
    expect(epochEndX({ epoch: 2 })).toBe(3);
    expect(epochEndX({ epoch: 0, fraction: 0 })).toBe(1);
  });

  it('sorts numerically either way with missing values last', () => {
    const rows = buildComparisonRows([lite, residual], [run({ id: 'r1', variantId: 'v2' })]);
    expect(sortComparisonRows(rows, 'params', 'asc').map((r) => r.name)).toEqual(['Residual', 'Lite']);
    expect(sortComparisonRows(rows, 'params', 'desc').map((r) => r.name)).toEqual(['Lite', 'Residual']);
    expect(sortComparisonRows(rows, 'testAccuracy', 'asc').map((r) => r.name)).toEqual(['Residual', 'Lite']);
    expect(sortComparisonRows(rows, 'testAccuracy', 'desc').map((r) => r.name)).toEqual(['Residual', 'Lite']);
    expect(sortComparisonRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Lite', 'Residual']);
    expect(sortComparisonRows(rows, 'receptiveField', 'desc').map((r) => r.name)).toEqual(['Residual', 'Lite']);
  });
});
