import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { TemplateBuilder } from '../src/core/templates/builder';
import type { Design } from '../src/core/graph/types';
import { axeFindings, describeFindings } from './helpers/axe';

/**
 * axe-core with the WCAG 2.0/2.1 A and AA rules on every view of the production build, at a desktop size.
 * Each check scans the whole page in one state; failures list the rule ids and the offending elements.
 */
test.use({ viewport: { width: 1440, height: 900 } });

/** Scans the page as it is now (a soft assertion, so one run reports every view) and keeps a screenshot of it. */
async function expectAccessible(page: Page, view: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${view.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.png`) });
  const findings = await axeFindings(page);
  expect.soft(findings, `axe (WCAG 2 A/AA) violations in ${view}:\n${describeFindings(findings)}`).toEqual([]);
}

/** A small net that trains in a second or two: input → separable conv → global-avg encoding → output. */
function tinyNet(name: string): Design {
  const b = new TemplateBuilder(name);
  let cur = b.add('input', { height: 28, width: 28, channels: 1 });
  cur = b.add('separable-conv', { filters: 8, strides: [2, 2], activation: 'relu' }, [cur]);
  cur = b.add('encoding', { pool: 'none', mode: 'global-avg', embeddingUnits: 0, dropout: 0 }, [cur]);
  b.add('output', { units: 10, activation: 'softmax' }, [cur]);
  return b.build();
}

test.describe('accessibility (axe-core, WCAG 2 A/AA, 1440×900)', () => {
  test.describe('with a clipboard that refuses', () => {
    test.use({ openApp: false });

    test('editor with a selected block, variants sidebar, export menu, share dialog and notices', async ({ app, page }) => {
      // The clipboard refuses, so "Copy share link" falls back to the share-link dialog.
      await page.addInitScript(() => {
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('no clipboard')) } });
      });
      await app.goto();
      const { editor, variants } = app;
      const first = (await editor.activeDesign()).blocks[1];
      await editor.select(first.name); // waits until the inspector shows the block
      await expectAccessible(page, 'the editor (default variant, a block selected)');

      // Variants sidebar with several variants and its "+ New" menu open.
      await variants.newFromTemplate('Sora residual');
      await expect(variants.items).toHaveCount(2);
      await editor.waitViewSettled();
      await expectAccessible(page, 'the variants sidebar with two variants');
      await page.getByTestId('new-variant').click();
      await expect(page.getByRole('menuitem', { name: /Blank design/ })).toBeVisible();
      await expectAccessible(page, 'the "+ New" variant menu');
      await page.keyboard.press('Escape');

      await app.compare.openExportMenu();
      await expectAccessible(page, 'the open export menu');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Copy share link' }).click();
      const share = page.getByRole('dialog', { name: 'Share link' });
      await expect(share).toBeVisible();
      await expectAccessible(page, 'the share link dialog');
      await share.getByRole('button', { name: 'Done' }).click();
      await expect(share).toBeHidden();

      await variants.sidebar.getByRole('button', { name: 'Delete Sora residual', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete variant?' });
      await expect(confirm).toBeVisible();
      await expectAccessible(page, 'the delete-variant dialog');
      await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();

      await page.evaluate(() => {
        const s = window.__soraStore!.getState();
        s.notify('info', 'An information notice.');
        s.notify('success', 'A success notice.');
        s.notify('error', 'An error notice.');
      });
      await expect(editor.notices.locator('.notice')).toHaveCount(3);
      await expectAccessible(page, 'the notices (info, success, error)');
    });
  });

  test('an invalid design: selected edge, blocks at fault, problems list, a field error, the details panel closed', async ({ app, page }) => {
    const { editor } = app;
    const design = await editor.activeDesign();
    const output = design.blocks.find((b) => b.kind === 'output')!;
    const edge = design.edges.find((e) => e.target === output.id)!;
    // Selected from the keyboard (the edge may be below the fold of the canvas at this size).
    await page.locator(`.react-flow__edge[data-id="${edge.id}"]`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__soraStore!.getState().selectedEdgeIds)).toEqual([edge.id]);
    await expectAccessible(page, 'the editor with a selected edge');

    await page.keyboard.press('Delete');
    await expect(editor.edges()).toHaveCount(design.edges.length - 1);
    await editor.summaryValue('validity').click();
    await expect(page.getByTestId('summary-problems')).toContainText(`${output.name} has no input`);
    await expectAccessible(page, 'an invalid design with its problems list open');
    await page.keyboard.press('Escape');

    const conv = design.blocks.find((b) => b.kind === 'separable-conv')!;
    await editor.select(conv.name);
    await editor.setField('filters', '0');
    await expect(editor.fieldError('filters')).toBeVisible();
    await expectAccessible(page, 'the inspector with a field error');

    await page.getByRole('button', { name: 'Hide panel' }).click();
    await expect(page.getByRole('button', { name: 'Show panel' })).toBeVisible();
    await expectAccessible(page, 'the editor with the details panel closed');
  });

  test('Train tab idle and after a short run; Compare view with a trained and an untrained variant', async ({ app, page }) => {
    test.setTimeout(300_000);
    const { editor, training, compare } = app;
    await compare.createVariant(tinyNet('Tiny'), 'Tiny');
    await editor.waitViewSettled();

    await training.openWithMnist();
    await expectAccessible(page, 'the Train tab (idle, MNIST loaded)');

    await training.configure({ limit: 600, epochs: 1, batchSize: 32 });
    await training.start();
    const done = await training.waitForFinish(180_000);
    expect(done.status).toBe('completed');
    await expect(page.getByTestId('confusion-matrix')).toBeVisible();
    await expect(training.runRows.first()).toHaveAttribute('data-status', 'completed');
    await expectAccessible(page, 'the Train tab after a run (charts, results, runs list)');

    await compare.open();
    await expect(compare.rows).toHaveCount(2);
    await expect(page.getByTestId('learning-curves')).toHaveAttribute('data-series', '1');
    await expectAccessible(page, 'the Compare view (one trained, one untrained variant)');
  });
});
