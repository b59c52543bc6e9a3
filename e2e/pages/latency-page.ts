import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for "Measure on this device": the Layers-tab button and line, latency cells, summary item and overlay. */
export class LatencyPage {
  readonly measureButton: Locator;
  readonly result: Locator;
  readonly what: Locator;
  readonly imagesPerSecond: Locator;
  readonly overlaySelect: Locator;
  readonly legend: Locator;

  constructor(readonly page: Page) {
    this.measureButton = page.getByTestId('measure-latency');
    this.result = page.getByTestId('latency-result');
    this.what = page.getByTestId('latency-what');
    this.imagesPerSecond = page.getByTestId('summary-images-per-second');
    this.overlaySelect = page.getByTestId('overlay-metric');
    this.legend = page.getByTestId('overlay-legend');
  }

  /** Clicks "Measure on this device" in the Layers tab and waits for the numbers. */
  async measure(timeout = 90_000): Promise<void> {
    // The Layers tab is open by default; clicking an open tab would close the panel.
    if (!(await this.measureButton.isVisible())) await this.page.getByTestId('tab-layers').click();
    await this.measureButton.click();
    await expect(this.measureButton).toHaveText('Measuring…');
    await expect(this.result).toBeVisible({ timeout });
  }

  /** The latency cell of a block's row in the layers table. */
  latencyCell(blockName: string): Locator {
    return this.page.getByTestId(`layers-row-${blockName}`).locator('td[data-col="latency"]');
  }

  async colourBy(metric: 'none' | 'params' | 'macs' | 'activations' | 'latency'): Promise<void> {
    await this.overlaySelect.selectOption(metric);
  }
}
