import { axeFindings, describeFindings } from './helpers/axe';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1440, height: 900 } });

test.describe('Inspect tab', () => {
  test('effective RF of the untrained default variant; after a short run, feature maps, probabilities and Grad-CAM of a test image', async ({
    app,
    page,
  }, testInfo) => {
    test.setTimeout(480_000);
    const { inspect, training } = app;

    // Untrained (fresh weights): the receptive-field block is the default, its heat map is drawn.
    await inspect.open();
    await expect(inspect.fieldBlock.locator('option:checked')).toHaveText(/receptive/i);
    await inspect.computeFieldMaps(['a']);
    const view = inspect.fieldView('a');
    await expect(view).toContainText('fresh weights');
    await expect(view).toContainText(/32 MNIST test images/);
    const theory = await view.locator('dt:has-text("Theoretical RF") + dd').innerText();
    expect(theory).toMatch(/^\d+×\d+ px$/);
    const erf = await inspect.canvasPixels(page.getByTestId('erf-canvas-a'));
    expect(erf.width).toBeGreaterThanOrEqual(240);
    // A heat map: many lit, coloured pixels (not an empty or black canvas), but not the whole 28×28 image.
    expect(erf.coloured).toBeGreaterThan(200);
    expect(erf.nonBlack).toBeLessThan(erf.width * erf.height);
    await page.screenshot({ path: testInfo.outputPath('inspect-erf-untrained.png') });

    // A short MNIST run (1 epoch of 2,000 images), then the Inspect tab uses its weights.
    await training.openWithMnist();
    await training.configure({ limit: 2000, epochs: 1 });
    await training.start();
    const run = await training.waitForFinish(300_000);
    expect(run.status).toBe('completed');

    await inspect.open();
    await expect(inspect.panel).toContainText('Weights of the run of');
    await expect(inspect.imageOptions.first()).toBeVisible();
    await inspect.imageOptions.first().click();
    await expect(inspect.featureBlocks.first()).toBeVisible({ timeout: 60_000 });
    const blocks = await inspect.featureBlocks.count();
    expect(blocks).toBeGreaterThan(1);
    for (let i = 0; i < blocks; i++) {
      const maps = await inspect.featureBlocks.nth(i).locator('canvas').count();
      expect(maps).toBeGreaterThan(0);
      expect(maps).toBeLessThanOrEqual(16);
    }
    const probs = await inspect.probabilityValues();
    expect(probs).toHaveLength(10);
    expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 3);
    // Grad-CAM: the image with a coloured heat overlay.
    await expect(page.getByText(/trained run of/).first()).toBeVisible();
    const cam = await inspect.canvasPixels(inspect.gradCam);
    expect(cam.coloured).toBeGreaterThan(50);
    await page.screenshot({ path: testInfo.outputPath('inspect-features-trained.png') });
    // The whole tab (feature-map grid included) in a taller window, for review.
    await page.setViewportSize({ width: 1440, height: 2600 });
    await page.getByTestId('inspect-panel').screenshot({ path: testInfo.outputPath('inspect-panel-trained.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    const findings = await axeFindings(page);
    expect(findings, `axe (WCAG 2 A/AA) violations in the Inspect tab:\n${describeFindings(findings)}`).toEqual([]);

    // Another class re-computes Grad-CAM for it.
    await page.getByTestId('gradcam-class').selectOption('3');
    await expect(page.getByTestId('gradcam-caption')).toContainText('class 3', { timeout: 60_000 });
  });
});
