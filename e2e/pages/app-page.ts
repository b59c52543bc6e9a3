import { expect, type Page } from '@playwright/test';
import { ComparePage } from './compare-page';
import { EditorPage } from './editor-page';
import { ExplorePage } from './explore-page';
import { InspectPage } from './inspect-page';
import { LatencyPage } from './latency-page';
import { LayoutPage } from './layout-page';
import { TrainingPage } from './training-page';
import { VariantsPage } from './variants-page';

/**
 * The whole app in one page object: the screen page objects on one page, and the suite's only navigation
 * (`goto`, which waits until the app is ready). The `app` fixture of e2e/fixtures.ts opens it before each test.
 */
export class AppPage {
  readonly editor: EditorPage;
  readonly variants: VariantsPage;
  readonly training: TrainingPage;
  readonly compare: ComparePage;
  readonly explore: ExplorePage;
  readonly inspect: InspectPage;
  readonly latency: LatencyPage;
  readonly layout: LayoutPage;

  constructor(readonly page: Page) {
    this.editor = new EditorPage(page);
    this.variants = new VariantsPage(page);
    this.training = new TrainingPage(page);
    this.compare = new ComparePage(page);
    this.explore = new ExplorePage(page);
    this.inspect = new InspectPage(page);
    this.latency = new LatencyPage(page);
    this.layout = new LayoutPage(page);
  }

  /** A page object for `page` (e.g. a second tab), opened with goto. */
  static async open(page: Page, hash = ''): Promise<AppPage> {
    const app = new AppPage(page);
    await app.goto(hash);
    return app;
  }

  /**
   * Opens the app at `/` plus `hash` (e.g. a `#design=` share link) and waits until it is ready (see waitReady).
   * `crossOriginIsolated`: first waits until the page is isolated (on a plain static host the service-worker
   * fallback reloads the page once for that).
   */
  async goto(hash = '', options: { crossOriginIsolated?: boolean } = {}): Promise<void> {
    await this.page.goto(`/${hash}`);
    if (options.crossOriginIsolated) await this.page.waitForFunction(() => window.crossOriginIsolated, null, { timeout: 30_000 });
    await this.waitReady();
  }

  /**
   * Waits until the app is ready: the saved variants are loaded and written (autosave "Saved"), the active
   * design's blocks are on the canvas, and the canvas has stopped moving (the view is restored or fitted).
   */
  async waitReady(): Promise<void> {
    await this.variants.waitSaved();
    const blocks = await this.page.evaluate(() => {
      const s = window.__soraStore!.getState();
      return s.variants.find((v) => v.id === s.activeVariantId)?.design.blocks.length ?? 0;
    });
    if (blocks > 0) await expect(this.editor.canvas.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
    await this.editor.waitViewSettled();
  }
}
