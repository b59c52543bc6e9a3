import { expect, test } from './fixtures';
import { EditorPage } from './pages/editor-page';

test.use({ viewport: { width: 1440, height: 1000 } });

const viewportOf = (page: EditorPage['page']) =>
  page.locator('.react-flow__viewport').evaluate((el) => {
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec((el as HTMLElement).style.transform);
    return m ? { x: Math.round(Number(m[1])), y: Math.round(Number(m[2])), zoom: Number(Number(m[3]).toFixed(3)) } : null;
  });

test('an invalid design shows the totals of its resolved part and lists its problems', async ({ app, page }) => {
  const { editor } = app;
  await editor.fitAll(); // the edge into the output is below the fold of the (legible) default view
  await expect(editor.summaryValue('params')).toHaveText('50,738');
  // Cut the edge into the output: the core then counts nothing, the summary keeps the resolved part.
  const design = await editor.activeDesign();
  const output = design.blocks.find((b) => b.kind === 'output')!;
  const edge = design.edges.find((e) => e.target === output.id)!;
  await page.getByTestId(`edge-label-${edge.id}`).evaluate(() => undefined);
  await page.locator(`.react-flow__edge[data-id="${edge.id}"]`).click({ force: true });
  await page.keyboard.press('Delete');
  await expect(editor.edges()).toHaveCount(design.edges.length - 1);
  // 50,738 − the output's dense 128→10 (1,290), as a lower bound: never a misleading 0.
  await expect(editor.summaryValue('params')).toHaveText('≥ 49,448');
  await expect(editor.summaryValue('macs')).not.toHaveText(/^0$/);
  await expect(page.getByTestId('summary-partial')).toHaveText('partial');
  const badge = editor.summaryValue('validity');
  await expect(badge).toHaveText('invalid: 2 problems · 8 warnings');
  await badge.click();
  const list = page.getByTestId('summary-problems');
  await expect(list).toContainText('output_1 has no input');
  await page.screenshot({ path: 'test-results/summary-problems.png' });
  await list.getByRole('button', { name: /output_1 has no input/ }).click();
  await expect(editor.field('name')).toHaveValue('output_1');
  await expect(list).toHaveCount(0);
  // Undo brings the valid totals back.
  await editor.focusCanvas();
  await editor.undo();
  await expect(editor.summaryValue('params')).toHaveText('50,738');
  await expect(badge).toHaveText('Valid');
});

test('the seed baseline makes the dense layer after flatten stand out (99.99% of params)', async ({ app, page }) => {
  const v = app.variants;
  await v.newFromTemplate('Seed baseline');
  const callout = page.getByTestId('layers-dominant');
  await expect(callout).toContainText('dense_1');
  await expect(callout).toContainText('788544 inputs');
  await expect(callout).toContainText('99.99%');
  await expect(callout).toContainText('201,867,520 of 201,888,741');
  const row = page.getByTestId('layers-row-dense_1');
  await expect(row).toHaveClass(/is-dominant/);
  await expect(row).toContainText('99.99%');
  await expect(page.getByTestId('layers-row-conv_1')).toContainText('<0.1%');
  await page.screenshot({ path: 'test-results/layers-seed-baseline.png' });
});

test('keyboard: palette Enter adds at the view centre, Delete in a field keeps the block', async ({ app, page }) => {
  const { editor } = app;
  await editor.newBlankVariant();
  const item = editor.paletteItem('separable-conv');
  await expect(item).toHaveAccessibleName('Add Separable Conv block');
  await item.focus();
  await page.keyboard.press('Enter');
  const node = editor.node('separable_conv_1');
  await expect(node).toBeVisible();
  const box = (await node.boundingBox())!;
  const canvas = (await editor.canvas.boundingBox())!;
  expect(Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(12);
  expect(Math.abs(box.y + box.height / 2 - (canvas.y + canvas.height / 2))).toBeLessThan(30);
  // The new block is selected: its name field takes Delete / Backspace as text editing only.
  const name = editor.field('name');
  await expect(name).toHaveValue('separable_conv_1');
  await name.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Home');
  await page.keyboard.press('Delete');
  await expect(name).toHaveValue('eparable_conv_');
  expect((await editor.activeDesign()).blocks).toHaveLength(1);
  // A second Enter does not stack the new block on the first.
  await item.focus();
  await page.keyboard.press('Enter');
  await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(2);
  const [a, b] = (await editor.activeDesign()).blocks.map((x) => x.position);
  expect(Math.abs(a.x - b.x) >= 190 || Math.abs(a.y - b.y) >= 84).toBe(true);
  // Delete on the canvas does remove the selected block.
  await editor.focusCanvas();
  await editor.node('eparable_conv_').click();
  await page.keyboard.press('Delete');
  await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(1);
});

test('keyboard: every control in the tab order has an accessible name', async ({ app, page }) => {
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const seen: string[] = [];
  for (let i = 0; i < 70; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
      return { tag: el.tagName.toLowerCase(), name: labelled.trim() };
    });
    if (!info) continue;
    expect(info.name, `tab stop ${i} (${info.tag}) has no accessible name`).not.toBe('');
    seen.push(info.name);
  }
  const order = (label: string) => seen.findIndex((n) => n.startsWith(label));
  // Toolbar, then variants, then palette (Sora blocks first), then the canvas blocks and edges.
  expect(order('Open')).toBeLessThan(order('Search blocks'));
  expect(order('Search blocks')).toBeLessThan(order('Add Input block'));
  expect(order('Add Output block')).toBeLessThan(order('Add Conv block'));
  expect(order('Add Concatenate block')).toBeLessThan(order('Edge input_1 to separable_conv_1'));
  expect(seen.some((n) => n.startsWith('Edge input_1 to separable_conv_1, shape 28×28×1'))).toBe(true);
});

test('a connection that would make a cycle says why while it is drawn', async ({ app, page }) => {
  const { editor } = app;
  await editor.fitAll(); // encoding_1 is below the fold of the (legible) default view
  const edges = (await editor.activeDesign()).edges.length;
  const box = async (testId: string) => {
    const b = (await page.getByTestId(testId).boundingBox())!;
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  const a = await box('handle-out-encoding_1');
  const b = await box('handle-in-separable_conv_2');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2 + 30, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await expect(page.getByTestId('connection-hint')).toContainText('Cannot connect: would create a cycle');
  await page.mouse.up();
  await expect(page.getByTestId('connection-hint')).toHaveCount(0);
  await expect(page.getByTestId('notice-error')).toContainText('Connection refused: would create a cycle');
  expect((await editor.activeDesign()).edges).toHaveLength(edges);
});

test('a drag is one undo step; each variant keeps its own view', async ({ app, page }) => {
  const { editor } = app;
  const v = app.variants;
  await editor.fitAll(); // encoding_1 is below the fold of the (legible) default view
  const before = (await editor.activeDesign()).blocks.find((b) => b.name === 'encoding_1')!.position;
  const node = (await editor.node('encoding_1').boundingBox())!;
  await page.mouse.move(node.x + node.width / 2, node.y + 8);
  await page.mouse.down();
  for (let i = 1; i <= 4; i++) await page.mouse.move(node.x + node.width / 2 + 40 * i, node.y + 8, { steps: 3 });
  await page.mouse.up();
  const moved = (await editor.activeDesign()).blocks.find((b) => b.name === 'encoding_1')!.position;
  expect(moved.x).toBeGreaterThan(before.x + 100);
  await editor.focusCanvas();
  await editor.undo();
  await expect.poll(async () => (await editor.activeDesign()).blocks.find((b) => b.name === 'encoding_1')!.position).toEqual(before);
  await expect(page.getByTestId('undo')).toBeDisabled();
  // Drag again, then nudge with the arrow keys: the nudges are one step of their own.
  await page.mouse.move(node.x + node.width / 2, node.y + 8);
  await page.mouse.down();
  await page.mouse.move(node.x + node.width / 2 + 100, node.y + 8, { steps: 6 });
  await page.mouse.up();
  const dragged = (await editor.activeDesign()).blocks.find((b) => b.name === 'encoding_1')!.position;
  await page.locator('.react-flow__node', { has: editor.node('encoding_1') }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await editor.activeDesign()).blocks.find((b) => b.name === 'encoding_1')!.position.y).toBe(dragged.y + 15);
  await editor.undo();
  await expect.poll(async () => (await editor.activeDesign()).blocks.find((b) => b.name === 'encoding_1')!.position).toEqual(dragged);
  await editor.undo();
  await expect.poll(async () => (await editor.activeDesign()).blocks.find((b) => b.name === 'encoding_1')!.position).toEqual(before);

  // Zoom the first variant; a new one fits its own design; switching back restores the first view.
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await editor.waitViewSettled();
  const first = await viewportOf(page);
  await expect.poll(async () => (await editor.activeDesign()).viewport?.zoom.toFixed(3)).toBe(first?.zoom.toFixed(3));
  await v.newFromTemplate('Seed baseline');
  await editor.waitViewSettled();
  const second = await viewportOf(page);
  expect(second).not.toEqual(first);
  await v.select('Sora fast (MNIST)');
  await editor.waitViewSettled();
  expect(await viewportOf(page)).toEqual(first);
  await v.select('Seed baseline');
  await editor.waitViewSettled();
  expect(await viewportOf(page)).toEqual(second);
});

test('shift-click, box select, duplicate, cut and paste, each undone in one step', async ({ app, page }) => {
  const { editor } = app;
  const start = await editor.activeDesign();
  const selected = () => page.evaluate(() => window.__soraStore!.getState().selectedBlockIds.length);
  await editor.select('separable_conv_1');
  await editor.node('max_pool_1').click({ modifiers: ['Shift'] });
  expect(await selected()).toBe(2);
  // Duplicate copies both blocks and the edge between them, and selects the copies.
  await page.keyboard.press('Control+d');
  await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(start.blocks.length + 2);
  const dup = await editor.activeDesign();
  expect(dup.edges).toHaveLength(start.edges.length + 1);
  expect(await selected()).toBe(2);
  await editor.undo();
  await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(start.blocks.length);

  // Shift-drag a box around the first three blocks.
  const first = (await editor.node('input_1').boundingBox())!;
  const third = (await editor.node('max_pool_1').boundingBox())!;
  await editor.focusCanvas();
  await page.keyboard.down('Shift');
  await page.mouse.move(first.x - 30, first.y - 10);
  await page.mouse.down();
  await page.mouse.move(third.x + third.width + 30, third.y + third.height + 8, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  expect(await selected()).toBe(3);

  // Cut removes them and their edges; paste brings back blocks and inner edges under new names.
  await page.keyboard.press('Control+x');
  await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(start.blocks.length - 3);
  await expect(editor.node('input_1')).toHaveCount(0);
  await page.keyboard.press('Control+v');
  await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(start.blocks.length);
  const pasted = await editor.activeDesign();
  expect(pasted.edges).toHaveLength(start.edges.length - 3 + 2);
  await editor.undo();
  await editor.undo();
  const back = await editor.activeDesign();
  expect({ blocks: back.blocks, edges: back.edges }).toEqual({ blocks: start.blocks, edges: start.edges });
});
