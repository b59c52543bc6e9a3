import { expect, test } from './fixtures';
import { analyzeDesign } from '../src/core/graph/analyze';
import { createBlock, emptyDesign, newId } from '../src/core/graph/factory';
import type { BlockKind, BlockParams, Design } from '../src/core/graph/types';
import { formatExact, formatReceptiveField, formatShape } from '../src/ui/summary/format';
import { EditorPage } from './pages/editor-page';

test.use({ viewport: { width: 1440, height: 1000 } });

const SORA: BlockKind[] = ['input', 'separable-conv', 'receptive-field-conv', 'encoding', 'output'];

/** The design the test builds through the UI, built directly with the core for the expected numbers. */
function expectedDesign(params: Partial<Record<BlockKind, BlockParams>>): Design {
  let d = emptyDesign('expected');
  for (const kind of SORA) d = { ...d, blocks: [...d.blocks, createBlock(kind, d, { x: 0, y: 0 }, params[kind])] };
  const edges = d.blocks.slice(1).map((b, i) => ({ id: newId('e'), source: d.blocks[i].id, target: b.id, targetIndex: 0 }));
  return { ...d, edges };
}

async function buildChainByDragging(editor: EditorPage): Promise<void> {
  await editor.newBlankVariant();
  for (const [i, kind] of SORA.entries()) await editor.dragBlock(kind, 320, 60 + i * 125);
  await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(5);
  for (const name of ['input_1', 'separable_conv_1', 'receptive_field_conv_1', 'encoding_1', 'output_1']) {
    await expect(editor.node(name)).toBeVisible();
  }
}

test('drag the five Sora blocks, wire them, set params: the summary equals the core analysis', async ({ app, page }) => {
  const { editor } = app;
  await buildChainByDragging(editor);

  await editor.connect('separable_conv_1', 'receptive_field_conv_1');
  await editor.connect('receptive_field_conv_1', 'encoding_1');
  await editor.connect('encoding_1', 'output_1');
  await expect(editor.edges()).toHaveCount(3);

  // A cycle is refused with the core's reason and changes nothing.
  const before = await editor.activeDesign();
  await editor.connect('receptive_field_conv_1', 'separable_conv_1');
  await expect(page.getByTestId('notice-error').filter({ hasText: 'would create a cycle' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'receptive_field_conv_1 → separable_conv_1' }).first()).toBeVisible();
  await expect(editor.edges()).toHaveCount(3);
  expect((await editor.activeDesign()).edges).toEqual(before.edges);

  await editor.connect('input_1', 'separable_conv_1');
  await expect(editor.edges()).toHaveCount(4);
  await expect(editor.summaryValue('validity')).toHaveText('Valid');

  await editor.select('separable_conv_1');
  await editor.setField('filters', '16');
  await editor.setPair('kernelSize', '5', '5');
  await editor.field('batchNorm').check();
  await editor.select('receptive_field_conv_1');
  await editor.setField('filters', '24');
  await editor.select('encoding_1');
  await editor.field('pool').selectOption('max');
  await editor.setField('embeddingUnits', '64');

  const expected = analyzeDesign(
    expectedDesign({
      'separable-conv': { filters: 16, kernelSize: [5, 5], batchNorm: true },
      'receptive-field-conv': { filters: 24 },
      encoding: { pool: 'max', embeddingUnits: 64 },
    }),
  );
  expect(expected.valid).toBe(true);
  const t = expected.totals;
  await expect(editor.summaryValue('params')).toHaveText(formatExact(t.params));
  await expect(editor.summaryValue('trainable')).toHaveText(formatExact(t.trainableParams));
  await expect(editor.summaryValue('non-trainable')).toHaveText(formatExact(t.nonTrainableParams));
  await expect(editor.summaryValue('macs')).toHaveText(formatExact(t.macs));
  await expect(editor.summaryValue('flops')).toHaveText(formatExact(t.flops));
  await expect(editor.summaryValue('output')).toHaveText(formatShape(t.outputShape));
  await expect(editor.summaryValue('rf')).toHaveText(formatReceptiveField(t.receptiveField));
  expect(t.nonTrainableParams).toBe(32); // batch norm moving mean/variance of 16 channels

  // The stored design is the one the user built.
  const stored = await editor.activeDesign();
  expect(stored.blocks.map((b) => b.kind)).toEqual(SORA);
  expect(analyzeDesign(stored).totals).toEqual(t);
  await expect(page.getByTestId('layers-total-params')).toHaveText(formatExact(t.params));
});

test('undo and redo cover adding, connecting and parameter edits', async ({ app, page }) => {
  const { editor } = app;
  await editor.newBlankVariant();
  await editor.dragBlock('input', 320, 80);
  await editor.dragBlock('separable-conv', 320, 230);
  const nodes = editor.canvas.locator('.react-flow__node');
  await expect(nodes).toHaveCount(2);

  await editor.focusCanvas();
  await editor.undo();
  await expect(nodes).toHaveCount(1);
  await editor.redo();
  await expect(nodes).toHaveCount(2);

  await editor.connect('input_1', 'separable_conv_1');
  await expect(editor.edges()).toHaveCount(1);
  await editor.focusCanvas();
  await editor.undo();
  await expect(editor.edges()).toHaveCount(0);
  await editor.redo();
  await expect(editor.edges()).toHaveCount(1);

  const defaultParams = await editor.summaryValue('params').textContent();
  await editor.select('separable_conv_1');
  // Typing "128" key by key is one undo step.
  await editor.field('filters').fill('');
  await editor.field('filters').pressSequentially('128');
  const edited = await editor.summaryValue('params').textContent();
  expect(edited).not.toBe(defaultParams);
  expect((await editor.activeDesign()).blocks[1].params.filters).toBe(128);
  await editor.focusCanvas();
  await editor.undo();
  await expect(editor.summaryValue('params')).toHaveText(defaultParams ?? '');
  expect((await editor.activeDesign()).blocks[1].params.filters).toBe(32);
  await page.getByTestId('redo').click();
  await expect(editor.summaryValue('params')).toHaveText(edited ?? '');
  await expect(editor.edges()).toHaveCount(1);
});

test('an invalid value is refused with its message and changes nothing', async ({ app, page }) => {
  const { editor } = app;
  const params = await editor.summaryValue('params').textContent();
  const before = await editor.activeDesign();
  await editor.select('separable_conv_1');
  // Limits are shown next to each numeric field and announced with it.
  await expect(page.getByTestId('inspector-range-filters')).toHaveText('1 – 4096');
  await expect(editor.field('filters')).toHaveAccessibleDescription('1 – 4096');

  await editor.setField('filters', '0');
  await expect(editor.fieldError('filters')).toHaveText('Filters must be an integer between 1 and 4096 (got 0)');
  await expect(editor.field('filters')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.field('filters')).toHaveValue('0');
  await expect(editor.field('filters')).toHaveAccessibleDescription('Filters must be an integer between 1 and 4096 (got 0) 1 – 4096');
  await editor.setField('filters', 'many');
  await expect(editor.fieldError('filters')).toHaveText("Filters must be an integer between 1 and 4096 (got 'many')");
  await editor.setPair('kernelSize', '3', '99');
  await expect(editor.fieldError('kernelSize')).toContainText('between 1 and 64');

  await expect(editor.summaryValue('params')).toHaveText(params ?? '');
  const now = await editor.activeDesign();
  expect({ blocks: now.blocks, edges: now.edges }).toEqual({ blocks: before.blocks, edges: before.edges });
  await expect(page.getByTestId('undo')).toBeDisabled();

  // A valid value clears the message and is written.
  await editor.setField('filters', '48');
  await expect(editor.fieldError('filters')).toHaveCount(0);
  const after = await editor.activeDesign();
  expect(after.blocks.find((b) => b.name === 'separable_conv_1')?.params.filters).toBe(48);
});

test('copy, paste, delete and the layers table', async ({ app, page }) => {
  const { editor } = app;
  const count = (await editor.activeDesign()).blocks.length;
  await editor.select('receptive_field_conv_1');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(editor.node('receptive_field_conv_2')).toBeVisible();
  expect((await editor.activeDesign()).blocks).toHaveLength(count + 1);
  await page.keyboard.press('Delete');
  await expect(editor.node('receptive_field_conv_2')).toHaveCount(0);
  expect((await editor.activeDesign()).blocks).toHaveLength(count);

  await page.getByTestId('layers-row-encoding_1').click();
  await expect(editor.field('name')).toHaveValue('encoding_1');
  await page.getByTestId('layers-sort-params').click();
  const firstRow = page.getByTestId('layers-table').locator('tbody tr').first();
  await expect(firstRow).toContainText('receptive_field_conv_1');
});

test('an edge end can be dragged to another block (reconnect)', async ({ app, page }) => {
  const { editor } = app;
  const before = await editor.activeDesign();
  const id = (name: string) => before.blocks.find((b) => b.name === name)!.id;
  const edge = before.edges.find((e) => e.target === id('encoding_1'))!;
  expect(edge.source).toBe(id('separable_conv_3'));
  // The source end of the edge sits on separable_conv_3's output handle; grab it just below the handle.
  const handle = await page.getByTestId('handle-out-separable_conv_3').boundingBox();
  const to = await page.getByTestId('handle-out-receptive_field_conv_1').boundingBox();
  if (!handle || !to) throw new Error('handles not visible');
  const sx = handle.x + handle.width / 2;
  const sy = handle.y + handle.height + 4;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 20, sy - 40, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.waitForTimeout(150); // let React Flow settle on the target handle before the drop
  await page.mouse.up();
  await expect
    .poll(async () => (await editor.activeDesign()).edges.find((e) => e.target === id('encoding_1'))?.source)
    .toBe(id('receptive_field_conv_1'));
  expect((await editor.activeDesign()).edges).toHaveLength(before.edges.length);
});
