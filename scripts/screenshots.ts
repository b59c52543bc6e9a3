/**
 * Screenshots of every view of the production build, for review and for the README picture.
 *   npx tsx scripts/screenshots.ts [--out shots] [--url http://127.0.0.1:5173/] [--train] [--readme]
 * Without --url it builds the app and serves it with `vite preview` on port 5299. Views: editor with a block
 * selected, Train tab (after a short run with --train), Compare; each at 1440×900 and 1920×1080.
 * --readme also writes docs/screenshot-editor.png (the README picture: editor at 1440×900).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { arg, launchChromium, reachable, startAppServer, stopAppServer } from '../bench/browser-bench-helpers';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

async function shoot(page: Page, out: string, name: string): Promise<string> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(600);
  const file = join(out, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(file);
  return file;
}

async function trainBriefly(page: Page): Promise<void> {
  await page.getByTestId('tab-train').click();
  await page.getByTestId('dataset-summary').filter({ hasText: 'MNIST' }).waitFor({ timeout: 90_000 });
  await page.getByTestId('cfg-limit').fill('2000');
  await page.getByTestId('cfg-epochs').fill('1');
  await page.getByTestId('train-start').click();
  await page
    .getByTestId('train-status')
    .filter({ hasText: /completed|stopped|failed/ })
    .waitFor({ timeout: 240_000 });
}

async function main(): Promise<void> {
  const out = arg('out', 'shots');
  mkdirSync(out, { recursive: true });
  let url = arg('url', '');
  const server = url && (await reachable(url)) ? null : await startAppServer(5299);
  if (server) url = 'http://127.0.0.1:5299/';
  const browser = await launchChromium();
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: size });
      await page.goto(url);
      const tag = `${size.width}x${size.height}`;
      await page.locator('.react-flow__node[data-id]').first().waitFor({ timeout: 30_000 });
      await page.locator('.react-flow__node', { hasText: 'receptive_field_conv_1' }).first().click();
      const editor = await shoot(page, out, `editor-${tag}`);
      if (size.width === 1440 && process.argv.includes('--readme')) copyFileSync(editor, 'docs/screenshot-editor.png');
      if (process.argv.includes('--train')) await trainBriefly(page);
      else await page.getByTestId('tab-train').click();
      await shoot(page, out, `train-${tag}`);
      await page.getByTestId('tab-compare').click();
      await shoot(page, out, `compare-${tag}`);
      await page.close();
    }
  } finally {
    await browser.close();
    if (server) stopAppServer(server);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
