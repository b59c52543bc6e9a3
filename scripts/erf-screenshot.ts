/**
 * The picture of the Inspect tab's effective-receptive-field view for the docs (docs/erf-view.png):
 * the default variant (dilated Receptive-Field Conv) next to a fork without dilation, fresh weights.
 *   npx tsx scripts/erf-screenshot.ts [--out shots] [--url http://127.0.0.1:5173/] [--port 5298]
 * Without --url it builds the app and serves it with `vite preview` on --port. Also writes the whole
 * 1440×900 window to <out>/inspect-erf-1440x900.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { arg, launchChromium, reachable, startAppServer, stopAppServer } from '../bench/browser-bench-helpers';

interface StoreLike {
  getState(): {
    activeVariantId: string | null;
    duplicateVariant(id: string): string;
    renameVariant(id: string, name: string): void;
    setActiveVariant(id: string): void;
    updateDesign(recipe: (d: { blocks: { kind: string; params: Record<string, unknown> }[] }) => unknown, options?: { label?: string }): void;
    setBottomTab(tab: string): void;
  };
}

async function main(): Promise<void> {
  const out = arg('out', 'shots');
  mkdirSync(out, { recursive: true });
  let url = arg('url', '');
  const port = Number(arg('port', '5298'));
  const server = url && (await reachable(url)) ? null : await startAppServer(port);
  if (server) url = `http://127.0.0.1:${port}/`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.locator('.react-flow__node[data-id]').first().waitFor({ timeout: 30_000 });
    // A fork of the default variant whose Receptive-Field Conv has no dilation, to compare against.
    const forkName = await page.evaluate(() => {
      const store = (window as unknown as { __soraStore: StoreLike }).__soraStore;
      const original = store.getState().activeVariantId as string;
      const fork = store.getState().duplicateVariant(original);
      store.getState().renameVariant(fork, 'No dilation');
      store.getState().updateDesign(
        (d) => ({
          ...d,
          blocks: d.blocks.map((b) => (b.kind === 'receptive-field-conv' ? { ...b, params: { ...b.params, dilation: [1, 1] } } : b)),
        }),
        { label: 'No dilation' },
      );
      store.getState().setActiveVariant(original);
      return 'No dilation';
    });
    await page.getByTestId('tab-inspect').click();
    await page.getByTestId('inspect-panel').waitFor({ timeout: 30_000 });
    await page.getByTestId('erf-compare-variant').selectOption({ label: forkName });
    await page.getByTestId('erf-compute').click();
    await page.getByTestId('erf-canvas-b').waitFor({ timeout: 120_000 });
    await page.getByTestId('erf-compute').filter({ hasText: 'Compute effective RF' }).waitFor({ timeout: 120_000 });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    const full = join(out, 'inspect-erf-1440x900.png');
    await page.screenshot({ path: full });
    console.log(full);
    // A taller window so the details panel shows the whole section (the pane scrolls otherwise).
    await page.setViewportSize({ width: 1440, height: 1600 });
    await page.waitForTimeout(500);
    await page.locator('section[aria-labelledby="insp-field-title"]').screenshot({ path: 'docs/erf-view.png' });
    console.log('docs/erf-view.png');
  } finally {
    await browser.close();
    if (server) stopAppServer(server);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
