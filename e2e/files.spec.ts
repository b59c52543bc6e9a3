import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage, expect, test } from './fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const MNIST_MODEL = path.resolve(here, '../src/core/io/__fixtures__/mnist-cnn-tfjs-layers-1.3.2.model.json');

test.describe('files', () => {
  test('opens a tfjs model.json as a new variant (594,922 params)', async ({ app, page }) => {
    const v = app.variants;
    const [first] = await v.names();
    const firstParams = await page.getByTestId('summary-params').textContent();
    await v.openFile(MNIST_MODEL);
    await expect(v.items).toHaveCount(2);
    await expect(page.getByTestId('summary-params')).toHaveText('594,922');
    await expect(v.notice('success')).toContainText('mnist-cnn-tfjs-layers-1.3.2.model.json');
    // Auto-laid out: no two blocks share a position.
    const positions = await v.state<string[]>(
      `s.variants.find((v) => v.id === s.activeVariantId).design.blocks.map((b) => b.position.x + ',' + b.position.y)`,
    );
    expect(new Set(positions).size).toBe(positions.length);
    // The import is one undo step of the new variant: undo empties it, redo brings the model back.
    const blockCount = () => v.state<number>('s.variants.find((v) => v.id === s.activeVariantId).design.blocks.length');
    const imported = await blockCount();
    expect(imported).toBeGreaterThan(5);
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('summary-params')).toHaveText('0');
    expect(await blockCount()).toBe(0);
    await expect(v.items).toHaveCount(2);
    await page.keyboard.press('Control+y');
    await expect(page.getByTestId('summary-params')).toHaveText('594,922');
    expect(await blockCount()).toBe(imported);
    await v.select(first);
    await expect(page.getByTestId('summary-params')).toHaveText(firstParams ?? '');
  });

  test('a broken file shows its problem and leaves the current design untouched', async ({ app }) => {
    const v = app.variants;
    // Everything but the viewport (view state the canvas may settle right after startup).
    const CONTENT = 'JSON.stringify(s.variants.map((v) => ({ ...v, design: { ...v.design, viewport: undefined } })))';
    const before = await v.state<string>(CONTENT);
    await v.openFileContents('broken.sora.json', '{ "format": "sora-design", "version": 1, "blocks": [ ');
    const error = v.notice('error');
    await expect(error).toContainText('Could not open “broken.sora.json”');
    await expect(error).toContainText(/JSON/i);
    expect(await v.state<string>(CONTENT)).toBe(before);
    await v.openFileContents('notes.json', '{"hello": "world"}');
    await expect(v.notice('error').last()).toContainText(/notes\.json.*not a Sora design/);
    expect(await v.state<string>(CONTENT)).toBe(before);
    await error.first().getByRole('button', { name: 'Dismiss message' }).click();
    await expect(v.notice('error')).toHaveCount(1);
  });

  test('Save design downloads <name>.sora.json that opens back identically', async ({ app, page }) => {
    const v = app.variants;
    await v.newFromTemplate('Sora residual');
    const params = await page.getByTestId('summary-params').textContent();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save design' }).click()]);
    expect(download.suggestedFilename()).toBe('Sora residual.sora.json');
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text) as { format: string; name: string; blocks: unknown[] };
    expect(json.format).toBe('sora-design');
    expect(json.name).toBe('Sora residual');
    await v.openFileContents('Sora residual.sora.json', text);
    await expect(v.items).toHaveCount(3);
    expect(await v.activeName()).toBe('Sora residual (2)');
    await expect(page.getByTestId('summary-params')).toHaveText(params ?? '');
    const designs = await v.state<string[]>(`s.variants.slice(1).map((v) => JSON.stringify(v.design.blocks))`);
    expect(designs[1]).toBe(designs[0]);
  });

  test('a file dropped on the canvas opens as a new variant', async ({ app, page }) => {
    const v = app.variants;
    const text = readFileSync(MNIST_MODEL, 'utf8');
    const dataTransfer = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.model.json', { type: 'application/json' }));
      return dt;
    }, text);
    await page.getByTestId('canvas').dispatchEvent('dragover', { dataTransfer });
    await page.getByTestId('canvas').dispatchEvent('drop', { dataTransfer });
    await expect(v.items).toHaveCount(2);
    await expect(page.getByTestId('summary-params')).toHaveText('594,922');
  });

  test('share link round trip opens the same design; a bad link is reported', async ({ app, page, context, browser }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const v = app.variants;
    await v.newFromTemplate('Sora residual');
    await v.rename('Sora residual', 'Shared residual');
    const blocks = await v.state<string>(`JSON.stringify(s.variants.find((v) => v.id === s.activeVariantId).design.blocks)`);
    await page.getByRole('button', { name: 'Copy share link' }).click();
    await expect(v.notice('success').last()).toContainText('Share link for “Shared residual” copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#design=[A-Za-z0-9_-]+$/);

    // A fresh browser profile (empty IndexedDB), like someone receiving the link.
    const fresh = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const other = (await AppPage.open(await fresh.newPage(), link.slice(link.indexOf('#')))).variants;
    await expect(other.item('Shared residual')).toHaveCount(1);
    expect(await other.activeName()).toBe('Shared residual');
    expect(await other.state<string>(`JSON.stringify(s.variants.find((v) => v.id === s.activeVariantId).design.blocks)`)).toBe(blocks);
    expect(await other.page.evaluate(() => location.hash)).toBe('');
    expect((await other.names()).length).toBe(2);
    await other.page.reload();
    await other.waitSaved();
    expect((await other.names()).length).toBe(2);
    await fresh.close();

    const badApp = await AppPage.open(await context.newPage());
    const bad = badApp.variants;
    const countBefore = (await bad.names()).length;
    await badApp.goto('#design=not-a-real-payload');
    await expect(bad.notice('error')).toContainText('Could not open the share link');
    expect((await bad.names()).length).toBe(countBefore);
  });
});
