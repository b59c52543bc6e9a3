import { expect, test } from './fixtures';

test.use({ viewport: { width: 1440, height: 900 } });

const BLOCKS = [
  'input_1',
  'separable_conv_1',
  'max_pool_1',
  'separable_conv_2',
  'max_pool_2',
  'receptive_field_conv_1',
  'separable_conv_3',
  'encoding_1',
  'output_1',
];

test('Measure on this device fills the latency column, the summary images/s and the latency overlay', async ({ app, page }, testInfo) => {
  test.setTimeout(180_000);
  const { editor, latency } = app;
  for (const name of BLOCKS) await expect(latency.latencyCell(name)).toHaveText('—');
  await expect(latency.imagesPerSecond).toHaveCount(0);

  await latency.measure();
  // What was measured sits next to the numbers: the backend, threads, both batch sizes.
  await expect(latency.what).toContainText(/wasm · \d+ threads? · batch 1 and 32 · median of ≥\d+ runs/);
  await expect(latency.result).toContainText(/\d+\.\d+ ms per image at batch 1 · [\d,]+ images\/s at batch 32/);
  await expect(latency.latencyCell('input_1')).toHaveText('0.00 ms');
  for (const name of BLOCKS.slice(1)) await expect(latency.latencyCell(name)).toHaveText(/^\d+(\.\d+)? ms$/);
  const shares = await page.locator('[data-testid^="layers-row-"] td:last-child .share__text').allTextContents();
  expect(shares).toHaveLength(BLOCKS.length);
  const sum = shares.reduce((s, t) => s + Number(t.replace('%', '')), 0);
  expect(sum).toBeGreaterThan(97);
  expect(sum).toBeLessThan(103);
  await expect(latency.imagesPerSecond).toHaveText(/^[\d,]+ images\/s$/);
  const ips = Number((await latency.imagesPerSecond.textContent())!.replace(/[^\d]/g, ''));
  expect(ips).toBeGreaterThan(0);

  // Colour blocks by measured latency: a legend with the largest block time, every block tinted.
  await latency.colourBy('latency');
  await expect(latency.legend).toHaveAttribute('data-metric', 'latency');
  await expect(page.getByTestId('overlay-legend-max')).toHaveText(/^\d+(\.\d+)? ms$/);
  for (const name of BLOCKS) await expect(editor.node(name)).toHaveAttribute('data-overlay', /^rgb\(/);
  await testInfo.attach('latency-1440x900', { body: await page.screenshot(), contentType: 'image/png' });
  await page.screenshot({ path: testInfo.outputPath('latency-1440x900.png') });

  // Params overlay works without a measurement too; "Nothing" removes the tint and the legend.
  await latency.colourBy('params');
  await expect(latency.legend).toHaveAttribute('data-metric', 'params');
  await latency.colourBy('none');
  await expect(latency.legend).toHaveCount(0);
  await expect(editor.node('output_1')).not.toHaveAttribute('data-overlay', /.*/);

  // Compare: the latency column, and latency as the cost axis (the untrained variant sits on the cost strip).
  const cmp = app.compare;
  const id = (await cmp.activeVariantId())!;
  await cmp.open();
  await expect(cmp.cell(id, 'latency')).toHaveText(/^\d+(\.\d+)? ms · [\d,]+\/s \(wasm\)$/);
  await page.getByTestId('tradeoff-x-latency').click();
  await expect(page.getByRole('heading', { name: 'Accuracy vs ms per image' })).toBeVisible();
  await expect(page.getByTestId(`cost-point-${id}`)).toHaveCount(1);
  await page.getByTestId('tab-design').click();

  // The measurement belongs to the design: an edit makes it stale (numbers go, the button asks again).
  await page.evaluate(() => {
    const s = window.__soraStore!.getState();
    s.updateDesign((d) => ({ ...d, blocks: d.blocks.map((b) => (b.name === 'output_1' ? { ...b, params: { ...b.params, units: 12 } } : b)) }));
  });
  await expect(latency.latencyCell('output_1')).toHaveText('—');
  await expect(latency.imagesPerSecond).toHaveCount(0);
  await expect(page.getByTestId('latency-bar')).toContainText('The design changed since the last measurement');
});
