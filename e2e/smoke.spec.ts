import { expect, test } from './pages/console-guard';
import { EditorPage } from './pages/editor-page';

test('the editor loads with the Sora-Lite template and no console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    // The browser's automatic /favicon.ico request is not the app's doing.
    if (msg.type() === 'error' && !msg.location().url.includes('favicon')) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  const editor = new EditorPage(page);
  await editor.goto();
  await expect(page).toHaveTitle('Sora Designer');
  await expect(editor.node('input_1')).toBeVisible();
  await expect(editor.node('output_1')).toBeVisible();
  await expect(editor.summaryValue('validity')).toHaveText('Valid');
  await expect(page.getByTestId('palette-item-separable-conv')).toBeVisible();
  await expect(page.getByTestId('layers-table')).toBeVisible();
  await page.waitForTimeout(1000);
  expect(errors).toEqual([]);
});

// The README picture is made by `npx tsx scripts/screenshots.ts --readme`, never by a test (tests write no tracked file).
test('screenshot of the editor with the default Sora fast template (attached to the report)', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const editor = new EditorPage(page);
  await editor.goto();
  await editor.select('receptive_field_conv_1');
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: testInfo.outputPath('editor-1440x900.png') });
});
