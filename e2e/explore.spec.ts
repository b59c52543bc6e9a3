import { generateCandidates } from '../src/core/explore/candidates';
import { filterByConstraints } from '../src/core/explore/constraints';
import type { Candidate } from '../src/core/explore/types';
import { getTemplate } from '../src/core/templates/index';
import { formatExact } from '../src/ui/summary/format';
import { expect, test } from './fixtures';

const widthOf = (c: Candidate) => c.changes.find((x) => x.kind === 'width')?.value ?? 1;

test.describe('architecture explorer', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('width × dilation under a MACs cap: counts from the core, ≥4 candidates trained, Pareto front in Compare, variants match analyzeDesign', async ({
    app,
    page,
  }, testInfo) => {
    test.setTimeout(600_000);
    const base = getTemplate('sora-fast-mnist')!.build();
    const rf = base.blocks.find((b) => b.kind === 'receptive-field-conv')!.name;
    const gen = generateCandidates(base, {
      axes: [
        { kind: 'width', values: [0.5, 0.75, 1, 1.5] },
        { kind: 'dilation', block: rf, values: [1, 2, 3] },
      ],
    });
    const macsAt = (w: number) => gen.candidates.filter((c) => widthOf(c) === w).map((c) => c.macs);
    // A cap between the ×1 and the ×1.5 sizes: it removes exactly the ×1.5 candidates.
    const cap = Math.floor((Math.max(...macsAt(1)) + Math.min(...macsAt(1.5))) / 2);
    const { kept, removedBy } = filterByConstraints(gen.candidates, { maxMacs: cap });
    expect(removedBy.maxMacs).toBe(3);
    expect(kept).toHaveLength(9);

    const { training, explore } = app;
    await training.openWithMnist();
    await training.configure({ limit: 3000, validationSplit: 0.1 });

    await explore.open();
    await explore.setWidth('0.5, 0.75, 1, 1.5');
    await explore.setDilation(rf, '1, 2, 3');
    await explore.setMaxMacs(cap);
    await explore.setBudget(60);
    await expect.poll(() => explore.candidateCount()).toBe(kept.length);
    expect(await explore.removedBy('maxMacs')).toBe(3);
    await expect(page.getByTestId('explore-plan')).toContainText('Rounds:');
    await page.screenshot({ path: testInfo.outputPath('explore-settings.png') });

    await explore.start();
    await explore.waitFinished(480_000);
    await expect(explore.status).toHaveText('finished');
    const trained = await explore.trained();
    expect(trained.length).toBeGreaterThanOrEqual(4);
    expect(trained.filter((t) => t.status === 'final')).toHaveLength(1);
    await page.screenshot({ path: testInfo.outputPath('explore-results.png') });

    // Compare: every trained candidate is on the chart, with a Pareto front; those dropped early are hollow.
    const { compare } = app;
    await compare.open();
    await expect.poll(async () => Number(await compare.chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(trained.length);
    const front = ((await compare.chart.getAttribute('data-front')) ?? '').split(',').filter(Boolean);
    expect(front.length).toBeGreaterThanOrEqual(1);
    for (const t of trained) {
      const dot = page.getByTestId(`tradeoff-point-${t.variantId}`);
      await expect(dot).toHaveCount(1);
      if (t.status === 'dropped') await expect(dot).toHaveAttribute('data-partial', /^rung \d+, [\d.]+ s$/);
      else await expect(dot).not.toHaveAttribute('data-partial', /.+/);
    }
    await page.screenshot({ path: testInfo.outputPath('explore-compare.png') });
    await page.getByTestId('tab-design').click();

    // Each candidate opens as a variant whose summary equals the core's numbers.
    await explore.open();
    for (const t of trained) {
      const expected = kept.find((c) => c.id === t.id)!;
      await explore.openCandidate(t.id);
      await expect.poll(() => page.evaluate(() => window.__soraStore!.getState().activeVariantId)).toBe(t.variantId);
      await expect(page.getByTestId('summary-params')).toHaveText(formatExact(expected.params));
      await expect(page.getByTestId('summary-macs')).toHaveText(formatExact(expected.macs));
    }
  });

  test('a search survives a reload: marked interrupted, its finished candidate kept with its variant', async ({ app, page }, testInfo) => {
    test.setTimeout(300_000);
    const { training, explore } = app;
    await training.openWithMnist();
    await training.configure({ limit: 3000, validationSplit: 0.1 });
    await explore.open();
    await explore.setWidth('0.5, 1');
    await explore.setBudget(40);
    await expect.poll(() => explore.candidateCount()).toBe(2);
    await explore.start();
    // The second training has started: the first candidate has finished its rung.
    await expect
      .poll(async () => Number(await page.getByTestId('explore-progress').getAttribute('data-trained')), { timeout: 180_000 })
      .toBeGreaterThanOrEqual(2);
    const first = page.locator('[data-testid="explore-candidate"][data-candidate="c0"]');
    const variantId = await first.getAttribute('data-variant');
    expect(variantId).toBeTruthy();
    await page.reload();
    await app.waitReady();
    await explore.open();
    await expect(explore.status).toHaveText('interrupted', { timeout: 30_000 });
    await expect(first).toHaveAttribute('data-variant', variantId!);
    await expect(first.locator('td').nth(3)).toHaveText(/%$/);
    expect(await page.evaluate((id) => window.__soraStore!.getState().variants.some((v) => v.id === id), variantId)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath('explore-interrupted.png') });
  });

  test('learning-rate finder: loss vs rate plotted, the suggestion goes into the learning-rate field, the design untouched', async ({
    app,
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    const { training } = app;
    await training.openWithMnist();
    await training.configure({ limit: 3000 });
    const designBefore = await page.evaluate(() => JSON.stringify(window.__soraStore!.getState().variants.map((v) => v.design)));
    await page.getByTestId('lr-find').click();
    await expect.poll(async () => Number(await page.getByTestId('lr-chart').getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(30);
    const suggestion = page.getByTestId('lr-suggestion');
    await expect(suggestion).toBeVisible({ timeout: 120_000 });
    const value = Number(await suggestion.textContent());
    expect(value).toBeGreaterThan(1e-5);
    expect(value).toBeLessThan(1);
    await page.getByTestId('lr-apply').click();
    await expect(page.getByTestId('cfg-lr')).toHaveValue(String(value));
    expect(await page.evaluate(() => window.__soraStore!.getState().trainingConfig.learningRate)).toBe(value);
    expect(await page.evaluate(() => JSON.stringify(window.__soraStore!.getState().variants.map((v) => v.design)))).toBe(designBefore);
    expect(await page.evaluate(() => window.__soraStore!.getState().liveRun)).toBeNull();
    await page.getByTestId('lr-finder').screenshot({ path: testInfo.outputPath('lr-finder.png') });
    // Early stopping is a setting next to it: on, with a patience field.
    await page.getByTestId('cfg-early-stop').check();
    await expect(page.getByTestId('cfg-patience')).toHaveValue('3');
    expect(await page.evaluate(() => window.__soraStore!.getState().earlyStoppingPatience)).toBe(3);
    await page.screenshot({ path: testInfo.outputPath('train-tab.png') });
  });
});
