import { readFileSync } from 'node:fs';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import type { Design } from '../../src/core/graph/types';

/** A run as read from the store (plain numbers). */
export interface RunInfo {
  id: string;
  variantId: string;
  status: string;
  hasWeights: boolean;
  testAccuracy?: number;
}

/** Page object for the Compare view and the toolbar's Export menu. */
export class ComparePage {
  readonly panel: Locator;
  readonly rows: Locator;
  readonly chart: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('compare-panel');
    this.rows = page.getByTestId('compare-row');
    this.chart = page.getByTestId('tradeoff-chart');
  }

  /** Opens the Compare view from the toolbar. */
  async open(): Promise<void> {
    await this.page.getByTestId('tab-compare').click();
    await expect(this.panel).toBeVisible();
  }

  row(variantId: string): Locator {
    return this.page.locator(`[data-testid="compare-row"][data-variant-id="${variantId}"]`);
  }

  cell(variantId: string, col: string): Locator {
    return this.row(variantId).locator(`td[data-col="${col}"]`);
  }

  /** Adds a variant through the dev store hook and returns its id (it becomes active). */
  async createVariant(design: Design, name: string): Promise<string> {
    return this.page.evaluate(([d, n]) => window.__soraStore!.getState().createVariant(d, n), [design, name] as const);
  }

  async activeVariantId(): Promise<string | null> {
    return this.page.evaluate(() => window.__soraStore!.getState().activeVariantId);
  }

  async setActive(id: string): Promise<void> {
    await this.page.evaluate((v) => window.__soraStore!.getState().setActiveVariant(v), id);
  }

  async variantDesign(id: string): Promise<Design> {
    return this.page.evaluate((v) => window.__soraStore!.getState().variants.find((x) => x.id === v)!.design, id);
  }

  /** Trains the active variant with the given settings via the store and waits until its run is saved with weights. */
  async trainActive(
    config: { limit: number; epochs: number; batchSize: number; validationSplit: number; learningRate: number },
    timeout: number,
  ): Promise<RunInfo> {
    const runId = await this.page.evaluate((c) => {
      const s = window.__soraStore!.getState();
      s.setTrainingConfig(c);
      return s.startTraining();
    }, config);
    if (!runId) throw new Error('training did not start (see the notices)');
    await expect
      .poll(() => this.page.evaluate(() => window.__soraStore!.getState().liveRun?.status), { timeout, intervals: [500] })
      .toMatch(/completed|failed|stopped/);
    await expect
      .poll(() => this.page.evaluate((id) => window.__soraStore!.getState().trainingRuns.find((r) => r.id === id)?.hasWeights ?? false, runId), {
        timeout: 20_000,
      })
      .toBe(true);
    return this.page.evaluate((id) => {
      const r = window.__soraStore!.getState().trainingRuns.find((x) => x.id === id)!;
      return { id: r.id, variantId: r.variantId, status: r.status, hasWeights: r.hasWeights, testAccuracy: r.final?.testAccuracy };
    }, runId);
  }

  async openExportMenu(): Promise<void> {
    const menu = this.page.getByRole('menu');
    if (!(await menu.isVisible())) await this.page.getByTestId('export-menu').click();
    await expect(menu).toBeVisible();
  }

  /** Clicks an export item and returns the downloaded file's name and bytes. */
  async exportItem(testId: string): Promise<{ name: string; bytes: Buffer }> {
    await this.openExportMenu();
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), this.page.getByTestId(testId).click()]);
    return { name: download.suggestedFilename(), bytes: await readDownload(download) };
  }
}

async function readDownload(d: Download): Promise<Buffer> {
  const path = await d.path();
  return readFileSync(path);
}
