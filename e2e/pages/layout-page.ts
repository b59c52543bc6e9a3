import { type Locator, type Page } from '@playwright/test';

export interface ScreenBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page object for the app's layout: the resizable panes, their split bars and the canvas viewport. */
export class LayoutPage {
  readonly canvas: Locator;
  readonly sidebar: Locator;
  readonly inspector: Locator;
  readonly details: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.sidebar = page.getByRole('complementary', { name: 'Variants and blocks' });
    this.inspector = page.getByTestId('inspector');
    this.details = page.getByRole('region', { name: 'Details panel' });
    this.summary = page.getByTestId('summary');
  }

  async box(locator: Locator): Promise<ScreenBox> {
    const b = await locator.boundingBox();
    if (!b) throw new Error('element has no box (not visible)');
    return b;
  }

  /** The split bar with this accessible name (e.g. "Resize the details panel"). */
  separator(name: string): Locator {
    return this.page.getByRole('separator', { name });
  }

  /** Drags a split bar by (dx, dy) screen pixels with the mouse. */
  async dragSeparator(name: string, dx: number, dy: number): Promise<void> {
    const b = await this.box(this.separator(name));
    const x = b.x + b.width / 2;
    const y = b.y + b.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
    await this.page.mouse.move(x + dx, y + dy, { steps: 4 });
    await this.page.mouse.up();
  }

  /** The canvas viewport transform: pan in screen pixels and zoom. */
  async viewport(): Promise<{ x: number; y: number; zoom: number }> {
    return this.page.locator('.react-flow__viewport').evaluate((el) => {
      const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec((el as HTMLElement).style.transform);
      if (!m) throw new Error(`unexpected viewport transform ${(el as HTMLElement).style.transform}`);
      return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
    });
  }

  /** Rendered size in screen pixels of a block's name text: its CSS font size × the canvas zoom. */
  async blockNameFontPx(blockName: string): Promise<number> {
    const css = await this.page
      .getByTestId(`node-${blockName}`)
      .locator('.block-node__name')
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    return css * (await this.viewport()).zoom;
  }

  /** How many blocks lie wholly inside the canvas' box. */
  async blocksFullyInView(): Promise<number> {
    const c = await this.box(this.canvas);
    const boxes = await this.canvas.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    return boxes.filter((b) => b.left >= c.x && b.top >= c.y && b.right <= c.x + c.width && b.bottom <= c.y + c.height).length;
  }
}
