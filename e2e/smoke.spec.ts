import { expect, test } from './fixtures';

// The console guard (e2e/fixtures.ts) fails a test on any console error or warning, from the first load on.
test('the editor loads with the Sora-Lite template and no console errors', async ({ app, page }) => {
  const { editor } = app;
  await expect(page).toHaveTitle('Sora Designer');
  await expect(editor.node('input_1')).toBeVisible();
  await expect(editor.node('output_1')).toBeVisible();
  await expect(editor.summaryValue('validity')).toHaveText('Valid');
  await expect(page.getByTestId('palette-item-separable-conv')).toBeVisible();
  await expect(page.getByTestId('layers-table')).toBeVisible();
  await page.waitForTimeout(1000);
});

// The README picture is made by `npx tsx scripts/screenshots.ts --readme`, never by a test (tests write no tracked file).
test.describe('at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('screenshot of the editor with the default Sora fast template (attached to the report)', async ({ app, page }, testInfo) => {
    await app.editor.select('receptive_field_conv_1');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: testInfo.outputPath('editor-1440x900.png') });
  });
});
