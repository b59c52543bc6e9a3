import type { Page } from '@playwright/test';
import { analyzeDesign } from '../src/core/graph/analyze';
import type { Design } from '../src/core/graph/types';
import { TemplateBuilder } from '../src/core/templates/builder';
import { buildSoraFastMnist } from '../src/core/templates/sora-fast-mnist';
import { expect, test } from './fixtures';

/**
 * Data-parallel training in the browser (docs/parallel-training.md), in the production build: the training worker
 * splits every batch with nested gradient workers over SharedArrayBuffer (the page is cross-origin isolated by
 * `vite preview`'s COOP/COEP headers). Driven through the store (window.__soraStore) and the real training worker, on
 * the page the `app` fixture (e2e/fixtures.ts) opens.
 */

/** A small net without batch-norm (its data-parallel step equals the single-worker step up to rounding) or dropout. */
function smallNet(): Design {
  const b = new TemplateBuilder('Parallel test net');
  b.chain(b.add('input', { height: 28, width: 28, channels: 1 }), [
    ['separable-conv', { filters: 16, kernelSize: [3, 3], activation: 'relu', padding: 'same', batchNorm: false }],
    ['max-pool', { poolSize: [2, 2], strides: [2, 2] }],
    ['separable-conv', { filters: 32, kernelSize: [3, 3], activation: 'relu', padding: 'same', batchNorm: false }],
    ['encoding', { pool: 'none', mode: 'global-avg', embeddingUnits: 0, dropout: 0 }],
    ['output', { units: 10, activation: 'softmax' }],
  ]);
  const design = b.build();
  if (!analyzeDesign(design).valid) throw new Error('the test net is invalid');
  return design;
}

/** The default MNIST template as it ships: batch-norm and dropout (seeded per run, replica and step). */
function soraFast(): Design {
  const design = buildSoraFastMnist();
  if (!design.blocks.some((b) => b.kind === 'encoding' && Number(b.params.dropout) > 0)) throw new Error('the template lost its dropout');
  return design;
}

/** No time budget and a constant learning rate: the default cosine schedule decays with time, which no rerun repeats. */
const FIXED = { schedule: 'constant' as const, timeLimitSeconds: undefined, augment: { shiftPixels: 0, flip: false } };

interface Run {
  status: string;
  error?: string;
  backend: string;
  reason: string;
  warning?: string;
  losses: number[];
  firstBatchLoss: number;
  testAccuracy: number | null;
  weights: Record<string, number[]>;
}

/** Trains the active variant with `workers` and the config patch; returns the finished run and its exported weights. */
async function train(page: Page, workers: number, config: Record<string, unknown>, timeout = 240_000): Promise<Run> {
  await page.evaluate(
    ([w, c]) => {
      const s = window.__soraStore!.getState();
      s.setTrainingBackend('wasm');
      s.setTrainingWorkers(w);
      s.setTrainingConfig(c);
      if (!s.startTraining()) throw new Error(`startTraining refused: ${JSON.stringify(window.__soraStore!.getState().notices ?? null)}`);
    },
    [workers, config] as const,
  );
  await page.waitForFunction(
    () => {
      const r = window.__soraStore!.getState().liveRun;
      return r !== null && r.status !== 'running' && r.status !== 'paused';
    },
    null,
    { timeout, polling: 250 },
  );
  return page.evaluate(async () => {
    const s = window.__soraStore!.getState();
    const r = s.liveRun!;
    const weights: Record<string, number[]> = {};
    if (r.status === 'completed' || r.status === 'stopped') {
      const { modelJson, weightsBin } = await s.exportRun();
      const specs = (JSON.parse(modelJson) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }).weightsManifest.flatMap(
        (g) => g.weights,
      );
      let offset = 0;
      for (const spec of specs) {
        const n = spec.shape.reduce((a, d) => a * d, 1);
        weights[spec.name] = Array.from(new Float32Array(weightsBin, offset * 4, n));
        offset += n;
      }
    }
    return {
      status: r.status,
      error: r.error,
      backend: r.backend?.name ?? '?',
      reason: r.backend?.reason ?? '',
      warning: r.backend?.warning,
      losses: [...r.epochPoints].sort((a, b) => a.epoch - b.epoch).map((e) => e.loss),
      firstBatchLoss: r.batchPoints[0]?.loss ?? NaN,
      testAccuracy: r.evaluation?.testAccuracy ?? null,
      weights,
    };
  });
}

/** Largest |a − b| over every weight (both runs must have the same weights). */
function maxWeightDifference(a: Run, b: Run): number {
  expect(Object.keys(b.weights).sort()).toEqual(Object.keys(a.weights).sort());
  let max = 0;
  for (const [name, wa] of Object.entries(a.weights)) {
    const wb = b.weights[name];
    expect(wb.length, name).toBe(wa.length);
    wa.forEach((v, i) => (max = Math.max(max, Math.abs(v - wb[i]))));
  }
  return max;
}

test.describe('data-parallel training in the browser', () => {
  // The app fixture has opened the app (AppPage.goto) and waited until it is ready.
  test.beforeEach(async ({ app: { page } }) => {
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    await page.evaluate(() => window.__soraStore!.getState().ensureDatasetInspected());
    await page.waitForFunction(() => window.__soraStore!.getState().datasetStatus === 'ready', null, { timeout: 120_000 });
  });

  const useVariant = (page: Page, design: Design) =>
    page.evaluate(([d, name]) => window.__soraStore!.getState().createVariant(d as never, name), [design, design.name] as const);

  test('one step with 1 and with 2 workers gives the same weights (no batch-norm)', async ({ page }) => {
    test.setTimeout(600_000);
    await useVariant(page, smallNet());
    // One batch of 32 images, one SGD step from the same seeded initial weights.
    const step = { ...FIXED, optimizer: 'sgd', learningRate: 0.1, momentum: 0, batchSize: 32, limit: 32, epochs: 1, validationSplit: 0, seed: 5 };
    const one = await train(page, 1, step);
    const two = await train(page, 2, step);
    expect(one.status, one.error).toBe('completed');
    expect(two.status, two.error).toBe('completed');
    expect(one.reason).toContain('· 1 worker');
    expect(two.reason).toContain('· 2 data-parallel workers');
    expect(two.backend).toBe('wasm');
    expect(Object.keys(one.weights).length).toBeGreaterThan(4);
    const d = maxWeightDifference(one, two);
    expect(d, `max |Δw| 1 vs 2 workers`).toBeLessThan(1e-5);
    // The comparison can fail: another seed (other initial weights and batch) is far off.
    const other = await train(page, 2, { ...step, seed: 6 });
    expect(maxWeightDifference(one, other)).toBeGreaterThan(1e-3);
  });

  test('a 2-worker run of a batch-norm net trains (loss falls, accuracy above chance), a seeded run repeats, pause/resume/stop work', async ({
    page,
  }) => {
    test.setTimeout(900_000);
    await useVariant(page, soraFast());
    const config = {
      ...FIXED,
      optimizer: 'adam' as const,
      learningRate: 0.01,
      batchSize: 32,
      limit: 2000,
      epochs: 2,
      validationSplit: 0.1,
      seed: 11,
    };
    const a = await train(page, 2, config);
    expect(a.status, a.error).toBe('completed');
    expect(a.reason).toContain('2 data-parallel workers');
    expect(a.losses).toHaveLength(2);
    expect(a.losses[1]).toBeLessThan(a.losses[0]);
    expect(a.losses[1]).toBeLessThan(a.firstBatchLoss);
    expect(a.testAccuracy).not.toBeNull();
    expect(a.testAccuracy!).toBeGreaterThan(0.5); // chance: 0.1
    const b = await train(page, 2, config);
    expect(b.status, b.error).toBe('completed');
    expect(b.losses).toEqual(a.losses);
    expect(maxWeightDifference(a, b)).toBe(0);

    // Pause, resume and stop reach a 2-worker run as they reach one worker.
    await page.evaluate((c) => {
      const s = window.__soraStore!.getState();
      s.setTrainingConfig({ ...c, limit: 6000, epochs: 20 });
      if (!s.startTraining()) throw new Error('startTraining refused');
    }, config);
    const status = () => page.evaluate(() => window.__soraStore!.getState().liveRun?.status);
    const batches = () => page.evaluate(() => window.__soraStore!.getState().liveRun?.batchPoints.length ?? 0);
    await expect.poll(batches, { timeout: 120_000 }).toBeGreaterThan(2);
    await page.evaluate(() => window.__soraStore!.getState().pauseTraining());
    await expect.poll(status, { timeout: 60_000 }).toBe('paused');
    const pausedAt = await batches();
    await page.waitForTimeout(1500);
    expect(await batches()).toBeLessThanOrEqual(pausedAt + 1);
    await page.evaluate(() => window.__soraStore!.getState().resumeTraining());
    await expect.poll(batches, { timeout: 60_000 }).toBeGreaterThan(pausedAt + 1);
    await page.evaluate(() => window.__soraStore!.getState().stopTraining());
    await expect.poll(status, { timeout: 120_000 }).toBe('stopped');
  });
});
