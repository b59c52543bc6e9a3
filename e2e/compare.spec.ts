import { expect, test } from './fixtures';
import { strFromU8, unzipSync } from 'fflate';
import { analyzeDesign } from '../src/core/graph/analyze';
import type { Design } from '../src/core/graph/types';
import { TemplateBuilder } from '../src/core/templates/builder';
import { formatBytes, formatCompact, formatExact } from '../src/ui/summary/format';

/** A small net that trains in seconds: input → separable conv(s) → pool → global-avg encoding → output. */
function tinyNet(name: string, filters: number, convs: number): Design {
  const b = new TemplateBuilder(name);
  let cur = b.add('input', { height: 28, width: 28, channels: 1 });
  for (let i = 0; i < convs; i++) cur = b.add('separable-conv', { filters, strides: [2, 2], activation: 'relu' }, [cur]);
  cur = b.add('encoding', { pool: 'none', mode: 'global-avg', embeddingUnits: 0, dropout: 0 }, [cur]);
  b.add('output', { units: 10, activation: 'softmax' }, [cur]);
  return b.build();
}

test('compare two briefly trained variants and export trained weights', async ({ app, page }) => {
  test.setTimeout(240_000);
  const cmp = app.compare;
  const seedId = (await cmp.activeVariantId())!;

  const small = await cmp.createVariant(tinyNet('Tiny 8', 8, 1), 'Tiny 8');
  const config = { limit: 800, epochs: 2, batchSize: 32, validationSplit: 0.2, learningRate: 0.01 };
  const runSmall = await cmp.trainActive(config, 150_000);
  expect(runSmall.status).toBe('completed');
  const big = await cmp.createVariant(tinyNet('Tiny 16x2', 16, 2), 'Tiny 16x2');
  const runBig = await cmp.trainActive(config, 150_000);
  expect(runBig.status).toBe('completed');

  await cmp.open();
  await expect(cmp.rows).toHaveCount(3);

  // Table figures are analyzeDesign's numbers for each variant's design.
  for (const id of [seedId, small, big]) {
    const t = analyzeDesign(await cmp.variantDesign(id)).totals;
    await expect(cmp.cell(id, 'params')).toHaveText(formatExact(t.params));
    await expect(cmp.cell(id, 'macs')).toHaveText(formatExact(t.macs));
    await expect(cmp.cell(id, 'flops')).toHaveText(formatCompact(t.flops));
    await expect(cmp.cell(id, 'activationBytes')).toHaveText(formatBytes(t.activationBytes));
    await expect(cmp.cell(id, 'receptiveField')).toHaveText(`${t.receptiveField!.size[0]}×${t.receptiveField!.size[1]}`);
  }
  for (const id of [small, big]) {
    await expect(cmp.cell(id, 'testAccuracy')).toHaveText(/^\d+\.\d\d%$/);
    await expect(cmp.cell(id, 'bestValAccuracy')).toHaveText(/^\d+\.\d\d%$/);
    await expect(cmp.cell(id, 'backend')).not.toHaveText('—');
  }
  await expect(cmp.cell(seedId, 'testAccuracy')).toHaveText('—');

  // Sorting by params, ascending: the small net first, the seed template (50k params) last.
  await page.getByTestId('compare-sort-params').click();
  await page.getByTestId('compare-sort-params').click();
  await expect(cmp.rows.first()).toHaveAttribute('data-variant-id', small);
  await expect(cmp.rows.last()).toHaveAttribute('data-variant-id', seedId);

  // Trade-off chart: both trained variants plotted, the untrained one on the cost strip.
  await expect(cmp.chart).toHaveAttribute('data-points', '2');
  await expect(page.getByTestId(`tradeoff-point-${small}`)).toBeVisible();
  await expect(page.getByTestId(`tradeoff-point-${big}`)).toBeVisible();
  await expect(page.getByTestId(`cost-point-${seedId}`)).toBeVisible();
  const front = (await cmp.chart.getAttribute('data-front'))!.split(',');
  expect(front).toContain(small); // cheapest trained variant is always on the front
  await expect(page.getByTestId('learning-curves')).toHaveAttribute('data-series', '2');

  // Clicking a point opens that variant.
  expect(await cmp.activeVariantId()).toBe(big);
  await page.getByTestId(`tradeoff-point-${small}`).click();
  await expect.poll(() => cmp.activeVariantId()).toBe(small);
  await expect(page.getByTestId('tab-design')).toHaveAttribute('aria-pressed', 'true'); // the variant opens in the editor
  await cmp.open();
  await page.getByTestId(`cost-point-${seedId}`).click();
  await expect.poll(() => cmp.activeVariantId()).toBe(seedId);
  await expect(page.getByTestId('tab-design')).toHaveAttribute('aria-pressed', 'true');

  // Untrained variant: trained-model exports are disabled with the reason.
  await cmp.openExportMenu();
  await expect(page.getByTestId('export-pytorch')).toBeDisabled();
  await expect(page.getByTestId('export-pytorch-why')).toContainText('Train this variant first');
  const svg = await cmp.exportItem('export-svg');
  const svgText = svg.bytes.toString('utf8');
  for (const b of (await cmp.variantDesign(seedId)).blocks) expect(svgText).toContain(`>${b.name}</text>`);

  // Trained variant: PyTorch and tfjs zips with consistent contents.
  await cmp.setActive(big);
  const torch = await cmp.exportItem('export-pytorch');
  expect(torch.name).toBe('tiny-16x2-pytorch.zip');
  const torchFiles = unzipSync(new Uint8Array(torch.bytes));
  expect(strFromU8(torchFiles['tiny-16x2-pytorch/model.py'])).toContain('class ');
  expect(torchFiles['tiny-16x2-pytorch/weights.safetensors'].byteLength).toBeGreaterThan(0);

  const tfjs = await cmp.exportItem('export-tfjs');
  const tfjsFiles = unzipSync(new Uint8Array(tfjs.bytes));
  const modelJson = JSON.parse(strFromU8(tfjsFiles['tiny-16x2-tfjs/model.json'])) as { weightsManifest: { weights: { shape: number[] }[] }[] };
  const values = modelJson.weightsManifest.flatMap((g) => g.weights).reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  expect(tfjsFiles['tiny-16x2-tfjs/weights.bin'].byteLength).toBe(values * 4);
  expect(values).toBe(analyzeDesign(await cmp.variantDesign(big)).totals.params);

  // A run that is no longer the worker's live run: exported from the weights saved in IndexedDB.
  await cmp.setActive(small);
  const stored = unzipSync(new Uint8Array((await cmp.exportItem('export-tfjs')).bytes));
  expect(stored['tiny-8-tfjs/weights.bin'].byteLength).toBe(analyzeDesign(await cmp.variantDesign(small)).totals.params * 4);
  JSON.parse(strFromU8(stored['tiny-8-tfjs/model.json']));

  await cmp.setActive(big);
  const keras = await cmp.exportItem('export-keras');
  expect(Object.keys(unzipSync(new Uint8Array(keras.bytes)))).toContain('tiny-16x2-keras/weights.npz');

  // Comparison table as CSV, in the table's sort order (cheapest first, kept while the editor was open).
  await cmp.open();
  await expect(cmp.rows.first()).toHaveAttribute('data-variant-id', small);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-csv').click()]);
  const csv = (await import('node:fs')).readFileSync(await csvDownload.path(), 'utf8');
  const smallParams = analyzeDesign(await cmp.variantDesign(small)).totals.params;
  expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^Tiny 8,${smallParams},`));

  // Diff of two variants.
  await page.getByTestId('diff-a').selectOption(small);
  await page.getByTestId('diff-b').selectOption(big);
  await expect(page.getByTestId('diff-added')).toHaveCount(1);
  await expect(page.getByTestId('diff-changed').first()).toContainText('filters 8 → 16');

  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.screenshot({ path: 'test-results/compare-view.png' });
  await cmp.openExportMenu();
  await page.screenshot({ path: 'test-results/compare-export-menu.png', clip: { x: 780, y: 0, width: 500, height: 480 } });
});

test('cost-only comparison of untrained variants, toggles, diff and non-model exports', async ({ app, page }) => {
  const cmp = app.compare;
  const seedId = (await cmp.activeVariantId())!;
  const a = await cmp.createVariant(tinyNet('Tiny 8', 8, 1), 'Tiny 8');
  const b = await cmp.createVariant(tinyNet('Tiny 16x2', 16, 2), 'Tiny 16x2');
  await cmp.open();
  await expect(cmp.rows).toHaveCount(3);
  await expect(cmp.chart).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('cost-strip')).toHaveAttribute('data-points', '3');
  for (const id of [seedId, a, b]) {
    const t = analyzeDesign(await cmp.variantDesign(id)).totals;
    await expect(cmp.cell(id, 'params')).toHaveText(formatExact(t.params));
    await expect(cmp.cell(id, 'macs')).toHaveText(formatExact(t.macs));
    await expect(cmp.cell(id, 'testAccuracy')).toHaveText('—');
  }
  await page.getByTestId('tradeoff-x-params').click();
  await page.getByTestId('tradeoff-log').uncheck();
  await expect(page.getByTestId(`cost-point-${a}`)).toBeVisible();

  // Unchecking a variant removes it everywhere.
  await page.getByTestId(`compare-pick-${seedId}`).uncheck();
  await expect(cmp.rows).toHaveCount(2);
  await expect(page.getByTestId('breakdown-params')).toHaveAttribute('data-kinds', 'output,separable-conv');

  // Markdown table download.
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-md').click()]);
  const mdText = (await import('node:fs')).readFileSync(await md.path(), 'utf8');
  expect(mdText.split('\n')[0]).toContain('| Variant | Params | MACs |');
  expect(mdText).toContain(`| Tiny 16x2 | ${analyzeDesign(await cmp.variantDesign(b)).totals.params} |`);

  // Diff defaults to the first two checked variants.
  await expect(page.getByTestId('diff-totals')).toContainText('Params');
  await expect(page.getByTestId('diff-added')).toContainText('separable_conv_2');

  // Clicking a cost-only point opens the variant; its exports explain why trained models are unavailable.
  await page.getByTestId(`cost-point-${a}`).click();
  await expect.poll(() => cmp.activeVariantId()).toBe(a);
  await cmp.openExportMenu();
  for (const f of ['tfjs', 'pytorch', 'keras']) {
    await expect(page.getByTestId(`export-${f}`)).toBeDisabled();
    await expect(page.getByTestId(`export-${f}-why`)).toHaveText(/Train this variant first/);
  }
  const design = await cmp.exportItem('export-design');
  expect(design.name).toBe('tiny-8.sora.json');
  const parsed = JSON.parse(design.bytes.toString('utf8')) as { blocks: unknown[] };
  expect(parsed.blocks).toHaveLength(4);
  const layers = await cmp.exportItem('export-layers-csv');
  const lines = layers.bytes.toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe('Layer,Kind,Output shape,Params,MACs,FLOPs,Receptive field');
  expect(lines).toHaveLength(5);
  expect(lines[2]).toMatch(/^separable_conv_1,separable-conv,14x14x8,/);

  // Summary of all variants from the toolbar menu (the Compare table's columns, one row per variant).
  const summary = await cmp.exportItem('export-summary-csv');
  expect(summary.name).toBe('variants-summary.csv');
  const sumLines = summary.bytes.toString('utf8').trim().split('\r\n');
  expect(sumLines[0]).toMatch(/^Variant,Params,MACs,FLOPs,/);
  expect(sumLines).toHaveLength(4);
  expect(sumLines.find((l) => l.startsWith('Tiny 8,'))).toMatch(new RegExp(`^Tiny 8,${analyzeDesign(await cmp.variantDesign(a)).totals.params},`));
  const summaryMd = await cmp.exportItem('export-summary-md');
  expect(summaryMd.bytes.toString('utf8').split('\n')[0]).toContain('| Variant | Params | MACs |');
});

test('a single variant plots on the cost axis without duplicate ticks (no console errors)', async ({ app, page }) => {
  const cmp = app.compare;
  const seedId = (await cmp.activeVariantId())!;
  await cmp.open();
  await expect(cmp.rows).toHaveCount(1);
  await expect(page.getByTestId(`cost-point-${seedId}`)).toBeVisible();
  const macs = analyzeDesign(await cmp.variantDesign(seedId)).totals.macs;
  // One tick at the variant's own cost (recharts' log ticks used to repeat it: duplicate React keys).
  await expect(cmp.chart.locator('text.recharts-cartesian-axis-tick-value[orientation="bottom"]')).toHaveText([formatCompact(macs)]);
});
