import { describe, expect, it } from 'vitest';
import { parseExploreArgs } from './explore-args';
import { captureOutput } from '../../test-support/cli';
import { run } from './explore';

/** Runs the command in-process, capturing stdout/stderr. */
const cli = (args: string[]) => captureOutput(() => run(args));

describe('cli explore', () => {
  it('parses options and rejects bad ones naming the problem', () => {
    const a = parseExploreArgs([
      'sora-fast-mnist',
      '--budget',
      '60',
      '--vary',
      'width=0.5,1',
      '--vary',
      'dil:rf=1,2',
      '--max-params',
      '40000',
      '--json',
    ]);
    expect(a).toMatchObject({
      file: 'sora-fast-mnist',
      budgetSeconds: 60,
      vary: [
        { kind: 'width', values: [0.5, 1] },
        { kind: 'dilation', block: 'rf', values: [1, 2] },
      ],
      constraints: { maxParams: 40_000 },
      seed: 1,
      validationSplit: 0.1,
      validationImages: 2000,
      testAll: false,
      minSeconds: 3,
      maxCandidates: 32,
      json: true,
    });
    expect(parseExploreArgs(['d.json', '--budget', '9', '--test-all', '--validation-images', '500'])).toMatchObject({
      testAll: true,
      validationImages: 500,
    });
    expect(() => parseExploreArgs(['d.json'])).toThrow('explore: --budget SECONDS is required');
    expect(() => parseExploreArgs(['d.json', '--budget', '0'])).toThrow("--budget must be a positive number of seconds (at most a week), got '0'");
    expect(() => parseExploreArgs(['d.json', '--budget', '9', '--vary', 'speed=1'])).toThrow("explore: --vary 'speed=1': unknown axis 'speed'");
    expect(() => parseExploreArgs(['d.json', '--budget', '9', '--max-macs', '1e6'])).toThrow("--max-macs must be an integer ≥ 1, got '1e6'");
    expect(() => parseExploreArgs(['d.json', '--budget', '9', '--dataset', 'cifar'])).toThrow("unknown dataset 'cifar'");
  });

  it('refuses a vary spec that does not fit the design, and reports constraints that leave nothing, before any training', async () => {
    const bad = await cli(['sora-fast-mnist', '--budget', '5', '--vary', 'dil:separable_conv_1=1,2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "explore: sora-fast-mnist: dilation:separable_conv_1: 'separable_conv_1' is separable-conv; dilation applies to receptive-field-conv",
    );
    const none = await cli(['sora-fast-mnist', '--budget', '5', '--max-params', '10000', '--max-macs', '2000000', '--json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout.trim())).toMatchObject({
      summary: true,
      candidates: 12,
      feasible: 0,
      removedBy: { maxParams: 12, maxMacs: 0, maxLatencyMs: 0 },
      best: null,
    });
    expect(none.stderr).toContain('no candidate meets the constraints');
  });

  it('searches on a tiny MNIST subset: one line per candidate with valid fields, then a summary', async () => {
    const r = await cli(['sora-fast-mnist', '--limit', '500', '--test-limit', '300', '--budget', '20', '--max-macs', '3000000', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines[lines.length - 1];
    const cands = lines.slice(0, -1);
    // the default spec: 12 candidates; the ×1.5 three exceed 3M MACs
    expect(summary).toMatchObject({
      summary: true,
      candidates: 12,
      gridSize: 12,
      mode: 'grid',
      feasible: 9,
      removedBy: { maxParams: 0, maxMacs: 3, maxLatencyMs: 0 },
    });
    // 20 s admit 2 candidates (5 s each, then 10 s for the better one): see halving.test.ts
    expect(summary.plan).toMatchObject({
      eta: 2,
      candidates: 2,
      totalSeconds: 20,
      rungs: [
        { rung: 0, candidates: 2, secondsEach: 5 },
        { rung: 1, candidates: 1, secondsEach: 10 },
      ],
    });
    expect(cands).toHaveLength(9);
    const trained = cands.filter((c) => c.status !== 'skipped');
    expect(trained.length).toBeGreaterThanOrEqual(2);
    for (const c of cands) {
      expect(typeof c.name).toBe('string');
      expect(Array.isArray(c.changes)).toBe(true);
      expect(c.macs as number).toBeLessThanOrEqual(3_000_000);
      expect(c.params as number).toBeGreaterThan(0);
    }
    expect(trained.map((c) => [c.status, c.rung, c.budgetSeconds]).sort()).toEqual(
      [
        ['dropped', 0, 5],
        ['final', 1, 10],
      ].sort(),
    );
    expect(trained.find((c) => c.isBase)?.name).toBe('base');
    for (const c of trained) {
      expect(c.accuracy as number).toBeGreaterThanOrEqual(0);
      expect(c.accuracy as number).toBeLessThanOrEqual(1);
    }
    // the test set is scored in the last rung only (without --test-all)
    const final = trained.find((c) => c.status === 'final');
    expect(final?.testAccuracy as number).toBeGreaterThanOrEqual(0);
    expect(final?.testAccuracy as number).toBeLessThanOrEqual(1);
    expect(trained.find((c) => c.status === 'dropped')).not.toHaveProperty('testAccuracy');
    expect(summary.best).toBe(final?.name);
    expect((summary.pareto as string[]).length).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
