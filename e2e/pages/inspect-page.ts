import { expect, type Locator, type Page } from '@playwright/test';

/** Pixel statistics of a canvas: how many pixels are not black, and how many are coloured (r, g, b differ). */
export interface CanvasPixels {
  width: number;
  height: number;
  nonBlack: number;
  coloured: number;
}

/** The Inspect tab of the details panel (src/ui/inspect). */
export class InspectPage {
  readonly panel: Locator;
  readonly fieldBlock: Locator;
  readonly compareVariant: Locator;
  readonly computeField: Locator;
  readonly imageOptions: Locator;
  readonly featureBlocks: Locator;
  readonly probabilities: Locator;
  readonly gradCam: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('inspect-panel');
    this.fieldBlock = page.getByTestId('erf-block');
    this.compareVariant = page.getByTestId('erf-compare-variant');
    this.computeField = page.getByTestId('erf-compute');
    this.imageOptions = page.getByTestId('inspect-image-option');
    this.featureBlocks = page.getByTestId('feature-block');
    this.probabilities = page.getByTestId('inspect-probabilities');
    this.gradCam = page.getByTestId('gradcam-canvas');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-inspect').click();
    await expect(this.panel).toBeVisible({ timeout: 30_000 });
  }

  /** Clicks "Compute effective RF" and waits for the heat map of the active variant ('a') and the comparison ('b'). */
  async computeFieldMaps(sides: ('a' | 'b')[] = ['a']): Promise<void> {
    await this.computeField.click();
    for (const side of sides) await expect(this.page.getByTestId(`erf-canvas-${side}`)).toBeVisible({ timeout: 120_000 });
    await expect(this.computeField).toHaveText('Compute effective RF', { timeout: 120_000 });
  }

  fieldView(side: 'a' | 'b'): Locator {
    return this.page.getByTestId(`erf-canvas-${side}-view`);
  }

  async canvasPixels(canvas: Locator): Promise<CanvasPixels> {
    return canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let nonBlack = 0;
      let coloured = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] + d[i + 1] + d[i + 2] > 30) nonBlack++;
        if (Math.abs(d[i] - d[i + 2]) > 40 || Math.abs(d[i] - d[i + 1]) > 40) coloured++;
      }
      return { width: c.width, height: c.height, nonBlack, coloured };
    });
  }

  /** The class probabilities shown (from the rows' data-prob). */
  async probabilityValues(): Promise<number[]> {
    return this.probabilities.locator('tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-prob'))));
  }
}
