import { AppPage, expect, test } from './fixtures';

test.describe('variants sidebar', () => {
  test('create from a template, rename, fork, delete with confirmation', async ({ app, page }) => {
    const v = app.variants;
    const initial = await v.names();
    expect(initial.length).toBe(1);

    await v.newFromTemplate('Sora residual');
    await expect(v.items).toHaveCount(2);
    expect(await v.activeName()).toBe('Sora residual');
    await expect(v.active().getByTestId('variant-stats')).toContainText('params');

    await v.rename('Sora residual', 'Residual A');
    await expect(v.item('Residual A')).toHaveCount(1);
    await v.rename('Residual A', 'Not kept', 'Escape');
    await expect(v.item('Residual A')).toHaveCount(1);
    await expect(v.item('Not kept')).toHaveCount(0);

    const paramsBefore = await page.getByTestId('summary-params').textContent();
    await v.fork('Residual A');
    expect(await v.names()).toEqual([initial[0], 'Residual A', 'Residual A (fork)']);
    expect(await v.activeName()).toBe('Residual A (fork)');
    await expect(page.getByTestId('summary-params')).toHaveText(paramsBefore ?? '');

    await page.getByTestId('new-variant').click();
    await expect(page.getByRole('menu', { name: 'New variant' })).toBeVisible();
    await page.screenshot({ path: 'test-results/variants-new-menu.png' });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await page.getByRole('button', { name: 'Delete Residual A', exact: true }).click();
    await page.screenshot({ path: 'test-results/variants-delete-dialog.png' });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    await v.delete('Residual A', false);
    await expect(v.items).toHaveCount(3);
    await v.delete('Residual A', true);
    expect(await v.names()).toEqual([initial[0], 'Residual A (fork)']);

    await v.select(initial[0]);
    expect(await v.activeName()).toBe(initial[0]);
    await v.waitSaved();
    await page.screenshot({ path: 'test-results/variants-sidebar.png' });
  });
});

interface Snapshot {
  names: string[];
  ids: string[];
  active: string | null;
  positions: Record<string, { x: number; y: number }>;
  viewport: { x: number; y: number; zoom: number } | null;
}

const SNAPSHOT = `({
  names: s.variants.map((v) => v.name),
  ids: s.variants.map((v) => v.id),
  active: s.activeVariantId,
  positions: Object.fromEntries(s.variants.find((v) => v.id === s.activeVariantId).design.blocks.map((b) => [b.id, b.position])),
  viewport: s.variants.find((v) => v.id === s.activeVariantId).design.viewport ?? null,
})`;

test.describe('autosave', () => {
  test('a reload restores variants, the active one, block positions and the viewport', async ({ app, page }) => {
    const v = app.variants;
    await v.newFromTemplate('Sora residual');
    await v.rename('Sora residual', 'Moved residual');
    await v.newFromTemplate('Seed baseline');
    await v.select('Moved residual');
    await v.waitSaved();

    const unmoved = await v.state<Snapshot>(SNAPSHOT);
    // Drag the first block by 120 px and zoom in once.
    const node = page.locator('.react-flow__node').first();
    await expect(node).toBeVisible();
    const box = await node.boundingBox();
    if (!box) throw new Error('block has no bounding box');
    await page.mouse.move(box.x + box.width / 2, box.y + 8);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + 8, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + 8, { steps: 5 });
    await page.mouse.up();
    // Zoom with the mouse wheel over an empty part of the canvas.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('canvas pane not found');
    await page.mouse.move(pane.x + 40, pane.y + pane.height - 40);
    await page.mouse.wheel(0, -240);
    await page.waitForTimeout(600);
    await v.waitSaved();

    const before = await v.state<Snapshot>(SNAPSHOT);
    expect(before.names.slice(1)).toEqual(['Moved residual', 'Seed baseline']);
    expect(before.active).toBe(before.ids[1]);
    expect(before.viewport).not.toBeNull();
    expect(before.viewport).not.toEqual(unmoved.viewport);
    const movedIds = Object.keys(before.positions).filter(
      (id) => before.positions[id].x !== unmoved.positions[id].x || before.positions[id].y !== unmoved.positions[id].y,
    );
    expect(movedIds.length).toBe(1);

    await page.reload();
    await v.waitSaved();
    const after = await v.state<Snapshot>(SNAPSHOT);
    expect(after).toEqual(before);
    expect(await v.names()).toEqual(before.names);
    expect(await v.activeName()).toBe('Moved residual');
    // The canvas itself shows the saved view again.
    const vp = before.viewport as { x: number; y: number; zoom: number };
    await expect
      .poll(async () => {
        const t = await page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
        const m = /matrix\(([^,]+), [^,]+, [^,]+, [^,]+, ([^,]+), ([^)]+)\)/.exec(t);
        return m ? [Number(m[1]).toFixed(3), Math.round(Number(m[2])), Math.round(Number(m[3]))] : t;
      })
      .toEqual([vp.zoom.toFixed(3), Math.round(vp.x), Math.round(vp.y)]);
  });

  test('a change made just before a reload is flushed on pagehide', async ({ app, page }) => {
    const v = app.variants;
    const [first] = await v.names();
    await v.rename(first, 'Renamed at the last moment');
    await page.reload(); // well inside the 300 ms debounce
    await v.waitSaved();
    expect(await v.names()).toEqual(['Renamed at the last moment']);
  });

  test('two tabs editing the same variant keep both versions and say so', async ({ context }) => {
    const a = (await AppPage.open(await context.newPage())).variants;
    const b = (await AppPage.open(await context.newPage())).variants;
    expect(await b.names()).toEqual(await a.names());

    // A rename in tab A reaches tab B (no conflict: B did not touch it).
    const original = (await a.names())[0];
    await a.rename(original, 'Shared net');
    await expect(b.item('Shared net')).toHaveCount(1);

    // Both tabs move the first block of the same variant before either has saved.
    const move = (x: number) =>
      `(() => { s.updateDesign((d) => ({ ...d, blocks: d.blocks.map((bl, i) => i === 0 ? { ...bl, position: { x: ${x}, y: 0 } } : bl) })); return true; })()`;
    await Promise.all([a.state<boolean>(move(1111)), b.state<boolean>(move(2222))]);
    await a.waitSaved();
    await b.waitSaved();

    const firstX = `Object.fromEntries(s.variants.map((v) => [v.name, v.design.blocks[0].position.x]))`;
    await expect.poll(async () => Object.values(await a.state<Record<string, number>>(firstX)).sort(), { timeout: 10_000 }).toEqual([1111, 2222]);
    await expect.poll(async () => Object.values(await b.state<Record<string, number>>(firstX)).sort(), { timeout: 10_000 }).toEqual([1111, 2222]);
    expect((await a.names()).sort()).toEqual(['Shared net', 'Shared net (from other tab)']);
    expect(await a.state(firstX)).toEqual(await b.state(firstX));
    const told = (await a.notice('info').allTextContents()).concat(await b.notice('info').allTextContents());
    expect(told.join(' ')).toContain('Shared net (from other tab)');

    // A fresh tab sees both versions too.
    const c = (await AppPage.open(await context.newPage())).variants;
    expect(Object.values(await c.state<Record<string, number>>(firstX)).sort()).toEqual([1111, 2222]);
  });
});
