import { expect, type Locator, type Page } from '@playwright/test';
import type { BlockKind, Design } from '../../src/core/graph/types';

/** Page object for the editor screen: palette, canvas, inspector, summary bar and layers table. */
export class EditorPage {
  readonly canvas: Locator;
  readonly inspector: Locator;
  readonly summary: Locator;
  readonly notices: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.inspector = page.getByTestId('inspector');
    this.summary = page.getByTestId('summary');
    this.notices = page.getByTestId('notices');
  }

  /** Waits until the canvas stops moving (saved variants load and the view is restored/fitted after start). */
  async waitViewSettled(): Promise<void> {
    const transform = () => this.page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
    let last = '';
    let stable = 0;
    for (let i = 0; i < 40 && stable < 3; i++) {
      const now = await transform();
      stable = now === last ? stable + 1 : 0;
      last = now;
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * Fits the whole design in the canvas with the zoom controls' fit button (every block, however small).
   * The editor's own default view and "Fit view" zoom out no further than block names stay readable,
   * so the lower blocks of a long chain start below the fold.
   */
  async fitAll(): Promise<void> {
    await this.page.getByRole('button', { name: 'Fit the whole design' }).click();
    await this.waitViewSettled();
  }

  /** A new blank variant through the variants sidebar ("+ New" → "Blank design"). */
  async newBlankVariant(): Promise<void> {
    await this.page.getByTestId('new-variant').click();
    await this.page.getByRole('menuitem', { name: /Blank design/ }).click();
    await expect(this.canvas.locator('.react-flow__node')).toHaveCount(0);
    await this.waitViewSettled();
  }

  node(name: string): Locator {
    return this.page.getByTestId(`node-${name}`);
  }

  paletteItem(kind: BlockKind): Locator {
    return this.page.getByTestId(`palette-item-${kind}`);
  }

  /** HTML5 drag of a palette item onto the canvas at (x, y) relative to the canvas' top-left corner. */
  async dragBlock(kind: BlockKind, x: number, y: number): Promise<void> {
    await this.paletteItem(kind).dragTo(this.canvas, { targetPosition: { x, y } });
  }

  private async center(locator: Locator): Promise<{ x: number; y: number }> {
    const box = await locator.boundingBox();
    if (!box) throw new Error('element has no box (not visible)');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Drags from the output handle of `from` to the input handle of `to`. */
  async connect(from: string, to: string): Promise<void> {
    const a = await this.center(this.page.getByTestId(`handle-out-${from}`));
    const b = await this.center(this.page.getByTestId(`handle-in-${to}`));
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await this.page.mouse.move(b.x, b.y, { steps: 5 });
    await this.page.waitForTimeout(100); // let React Flow settle on the target handle before the drop
    await this.page.mouse.up();
  }

  /** Clicks a block (selecting it and only it). */
  async select(name: string): Promise<void> {
    await this.node(name).click();
    await expect(this.page.getByTestId('inspector-field-name')).toHaveValue(name);
  }

  field(key: string): Locator {
    return this.inspector.getByTestId(`inspector-field-${key}`);
  }

  fieldError(key: string): Locator {
    return this.inspector.getByTestId(`inspector-error-${key}`);
  }

  async setField(key: string, value: string): Promise<void> {
    await this.field(key).fill(value);
  }

  async setPair(key: string, h: string, w: string): Promise<void> {
    await this.field(`${key}-h`).fill(h);
    await this.field(`${key}-w`).fill(w);
  }

  /** Moves focus to the empty canvas so keyboard shortcuts reach the editor. */
  async focusCanvas(): Promise<void> {
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('canvas not visible');
    // Right edge, mid-height: clear of notices (top right), the mini map (bottom right) and the controls.
    await this.page.mouse.click(box.x + box.width - 40, box.y + box.height * 0.55);
  }

  async undo(): Promise<void> {
    await this.page.keyboard.press('Control+z');
  }

  async redo(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+z');
  }

  summaryValue(key: 'params' | 'trainable' | 'non-trainable' | 'macs' | 'flops' | 'activation' | 'rf' | 'output' | 'validity'): Locator {
    return this.page.getByTestId(`summary-${key}`);
  }

  edges(): Locator {
    return this.canvas.locator('.react-flow__edge');
  }

  /** The active design as stored (read through the dev-only window.__soraStore). */
  async activeDesign(): Promise<Design> {
    return this.page.evaluate(() => {
      const store = window.__soraStore;
      if (!store) throw new Error('window.__soraStore is missing (dev build only)');
      const s = store.getState();
      const v = s.variants.find((x) => x.id === s.activeVariantId);
      if (!v) throw new Error('no active variant');
      return JSON.parse(JSON.stringify(v.design)) as Design;
    });
  }
}
