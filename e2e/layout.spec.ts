import { expect, test } from './fixtures';

/** What a new user ran into (issue 10 §4): drops, pane sizes, Compare width, legible fit, partial epochs. */

const SCREENS = [
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];

for (const screen of SCREENS) {
  const size = `${screen.width}×${screen.height}`;
  test.describe(`at ${size}`, () => {
    test.use({ viewport: screen });

    test(`the default variant opens with readable block names (${size})`, async ({ app, page }) => {
      const { editor, layout } = app;
      // 13 px names × the fit zoom: at least 10 px on screen.
      expect(await layout.blockNameFontPx('input_1')).toBeGreaterThanOrEqual(10);
      expect(await layout.blockNameFontPx('output_1')).toBeGreaterThanOrEqual(10);
      // Shown from the input down: the input block is in view, at the top.
      const canvas = await layout.box(layout.canvas);
      const input = await layout.box(editor.node('input_1'));
      expect(input.y).toBeGreaterThanOrEqual(canvas.y);
      expect(input.y).toBeLessThan(canvas.y + 80);
      expect(await layout.blocksFullyInView()).toBeGreaterThanOrEqual(5);
      // The toolbar's Fit view keeps the same legible zoom.
      await page.getByTestId('fit-view').click();
      await editor.waitViewSettled();
      expect(await layout.blockNameFontPx('input_1')).toBeGreaterThanOrEqual(10);
      await page.screenshot({ path: `test-results/layout-default-${screen.width}.png` });
    });

    test(`the Train tab leaves the canvas a usable size (${size})`, async ({ app, page }) => {
      const { layout } = app;
      await page.getByTestId('tab-train').click();
      await expect(page.locator('#tabpanel-train')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
      const canvas = await layout.box(layout.canvas);
      expect(canvas.height).toBeGreaterThanOrEqual(0.5 * screen.height);
      expect(canvas.width).toBeGreaterThanOrEqual(0.6 * screen.width);
      expect(await layout.blocksFullyInView()).toBeGreaterThanOrEqual(4);
      await page.screenshot({ path: `test-results/layout-train-${screen.width}.png` });
    });

    test(`Compare uses the whole width, without the editor's panels (${size})`, async ({ app, page }) => {
      const { editor, layout, compare } = app;
      await compare.open();
      const table = await layout.box(page.getByTestId('compare-table'));
      expect(table.width).toBeGreaterThanOrEqual(screen.width - 60);
      await expect(layout.inspector).toBeHidden();
      await expect(layout.details).toBeHidden();
      await expect(layout.summary).toBeHidden();
      await expect(page.getByTestId('fit-view')).toBeHidden();
      await page.screenshot({ path: `test-results/layout-compare-${screen.width}.png` });
      // Back in the editor everything is where it was.
      await page.getByTestId('tab-design').click();
      await expect(layout.inspector).toBeVisible();
      await expect(layout.summary).toBeVisible();
      await expect(editor.node('input_1')).toBeVisible();
    });
  });
}

test.describe('at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('blocks land where they are dropped: the first on an empty canvas and the next ones', async ({ app, page }) => {
    const { editor, layout } = app;
    await editor.newBlankVariant();
    const canvas = await layout.box(layout.canvas);
    const before = await layout.viewport();
    const drops = [
      { kind: 'input' as const, name: 'input_1', x: 300, y: 150 },
      { kind: 'separable-conv' as const, name: 'separable_conv_1', x: 560, y: 380 },
      { kind: 'output' as const, name: 'output_1', x: 220, y: 420 },
    ];
    for (const d of drops) {
      await editor.dragBlock(d.kind, d.x, d.y);
      await expect(editor.node(d.name)).toBeVisible();
      await page.waitForTimeout(400); // a re-fit (the old bug) would move the view within this time
      const box = await layout.box(editor.node(d.name));
      const px = canvas.x + d.x;
      const py = canvas.y + d.y;
      // The pointer is inside the block, horizontally centred; the block's header row is under it
      // (a block with an error message grows downwards).
      expect(px).toBeGreaterThan(box.x);
      expect(px).toBeLessThan(box.x + box.width);
      expect(py).toBeGreaterThan(box.y);
      expect(py).toBeLessThan(box.y + box.height);
      expect(Math.abs(box.x + box.width / 2 - px)).toBeLessThanOrEqual(3);
      expect(Math.abs(box.y + 30 - py)).toBeLessThanOrEqual(3);
    }
    // The view never moved.
    expect(await layout.viewport()).toEqual(before);
    await page.screenshot({ path: 'test-results/layout-drops.png' });
  });

  test('resized splits survive a reload; a split dragged shut closes the details panel', async ({ app, page }) => {
    const { layout } = app;
    const details0 = await layout.box(layout.details);
    const inspector0 = await layout.box(layout.inspector);
    await layout.dragSeparator('Resize the details panel', 0, -120);
    await layout.dragSeparator('Resize the inspector column', -100, 0);
    const details1 = await layout.box(layout.details);
    const inspector1 = await layout.box(layout.inspector);
    expect(details1.height).toBeGreaterThan(details0.height + 100);
    expect(inspector1.width).toBeGreaterThan(inspector0.width + 80);
    await page.reload();
    await app.waitReady();
    expect(Math.abs((await layout.box(layout.details)).height - details1.height)).toBeLessThanOrEqual(3);
    expect(Math.abs((await layout.box(layout.inspector)).width - inspector1.width)).toBeLessThanOrEqual(3);
    // Each tab keeps its own height: Train opens at its default, Layers comes back to the dragged one.
    await page.getByTestId('tab-train').click();
    await expect.poll(async () => (await layout.box(layout.details)).height).not.toBeCloseTo(details1.height, -1);
    await page.getByTestId('tab-layers').click();
    await expect.poll(async () => Math.round((await layout.box(layout.details)).height)).toBeGreaterThan(details1.height - 3);
    // Dragged down past its minimum, the panel collapses to its tabs and says so.
    await layout.dragSeparator('Resize the details panel', 0, 600);
    await expect(page.getByRole('button', { name: 'Show panel' })).toBeVisible();
    expect((await layout.box(layout.details)).height).toBeLessThan(40);
    await page.getByRole('button', { name: 'Show panel' }).click();
    await expect.poll(async () => Math.round((await layout.box(layout.details)).height)).toBeGreaterThan(details1.height - 3);
  });

  test('Compare: a time-limited run shows the speed the Train panel showed, and its partial epoch where it ended', async ({ app, page }) => {
    const { compare } = app;
    await compare.open();
    // A run on the whole training set (no image limit) that its time limit stopped at 47% of epoch 1.
    const variantId = await page.evaluate(() => {
      const store = window.__soraStore!;
      const s = store.getState();
      const v = s.variants.find((x) => x.id === s.activeVariantId)!;
      const run = {
        id: 'run-partial',
        variantId: v.id,
        variantName: v.name,
        design: v.design,
        config: { ...s.trainingConfig, epochs: 2, limit: undefined, timeLimitSeconds: 60 },
        backendPreference: 'auto',
        datasetLabel: 'MNIST',
        status: 'completed',
        startedAt: Date.now() - 80_000,
        finishedAt: Date.now(),
        hasWeights: false,
        backend: 'wasm',
        batchHistory: [],
        epochHistory: [{ epoch: 0, loss: 0.2, accuracy: 0.94, valLoss: 0.1, valAccuracy: 0.97, seconds: 61, fraction: 0.47, imagesPerSecond: 357 }],
        final: { testAccuracy: 0.968, testLoss: 0.1, testCount: 10000, confusion: [] },
      };
      store.setState({ trainingRuns: [run as unknown as (typeof s.trainingRuns)[number]] });
      return v.id;
    });
    await expect(compare.cell(variantId, 'imagesPerSecond')).toHaveText('357');
    await expect(page.getByTestId('learning-curves')).toHaveAttribute('data-x', '0.47');
    await page.screenshot({ path: 'test-results/layout-compare-partial-epoch.png' });
  });

  test('a real time-limited run on the whole training set: Compare shows its speed and its partial epoch', async ({ app, page }) => {
    const { training, compare } = app;
    await training.openWithMnist();
    await training.setNumber('cfg-time-limit', 0.1); // 6 s: far less than one epoch of 57,000 images
    await training.configure({ epochs: 2 });
    await training.start();
    const done = await training.waitForFinish(120_000);
    expect(done.status).toBe('completed');
    const last = await page.evaluate(() => {
      const r = window.__soraStore!.getState().liveRun!;
      return { shown: r.progress!.imagesPerSecond, epochs: r.epochPoints.map((e) => ({ fraction: e.fraction, imagesPerSecond: e.imagesPerSecond })) };
    });
    expect(last.epochs).toHaveLength(1);
    expect(last.epochs[0].fraction).toBeGreaterThan(0);
    expect(last.epochs[0].fraction).toBeLessThan(1);
    expect(last.epochs[0].imagesPerSecond).toBe(last.shown);
    await compare.open();
    const variantId = await page.evaluate(() => window.__soraStore!.getState().activeVariantId!);
    await expect(compare.cell(variantId, 'imagesPerSecond')).toHaveText(Math.round(last.shown).toLocaleString('en-US'));
    await expect(page.getByTestId('learning-curves')).toHaveAttribute('data-x', last.epochs[0].fraction!.toFixed(2));
    await page.screenshot({ path: 'test-results/layout-compare-real-run.png' });
  });
});
