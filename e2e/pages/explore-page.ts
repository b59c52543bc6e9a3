import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the "Explore" tab: what may vary, constraints, budget, the instant counts and the search table. */
export class ExplorePage {
  readonly panel: Locator;
  readonly status: Locator;
  readonly candidates: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('explore-panel');
    this.status = page.getByTestId('explore-status');
    this.candidates = page.getByTestId('explore-candidate');
  }

  async open(): Promise<void> {
    const tab = this.page.getByTestId('tab-explore');
    // Clicking the selected tab hides the panel: only click when it is not showing.
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await expect(this.panel).toBeVisible();
  }

  async setAxis(testId: string, on: boolean, values?: string): Promise<void> {
    const box = this.page.getByTestId(`${testId}-on`);
    if ((await box.isChecked()) !== on) await box.click();
    if (values !== undefined) await this.page.getByTestId(`${testId}-values`).fill(values);
  }

  async setWidth(values: string): Promise<void> {
    await this.setAxis('explore-width', true, values);
  }

  async setDilation(block: string, values: string): Promise<void> {
    await this.setAxis(`explore-dil-${block}`, true, values);
  }

  async setMaxMacs(n: number | null): Promise<void> {
    await this.page.getByTestId('explore-max-macs').fill(n === null ? '' : String(n));
  }

  async setBudget(seconds: number): Promise<void> {
    await this.page.getByTestId('explore-budget').fill(String(seconds));
  }

  /** The candidate count the panel shows (from the core). */
  async candidateCount(): Promise<number> {
    return Number(await this.page.getByTestId('explore-count').getAttribute('data-count'));
  }

  async removedBy(key: 'maxParams' | 'maxMacs'): Promise<number> {
    const el = this.page.getByTestId(`explore-removed-${key}`);
    return (await el.count()) === 0 ? 0 : Number(await el.getAttribute('data-count'));
  }

  async start(): Promise<void> {
    await this.page.getByTestId('explore-start').click();
    await expect(this.status).toHaveText(/running|paused|finished/, { timeout: 30_000 });
  }

  async waitFinished(timeout: number): Promise<void> {
    await expect(this.status).toHaveText(/finished|stopped|failed/, { timeout });
  }

  /** Candidates that trained (final or dropped): id, variant id and status. */
  async trained(): Promise<{ id: string; variantId: string; status: string }[]> {
    return this.candidates.evaluateAll((rows) =>
      rows
        .map((r) => ({
          id: r.getAttribute('data-candidate') ?? '',
          variantId: r.getAttribute('data-variant') ?? '',
          status: r.getAttribute('data-status') ?? '',
        }))
        .filter((r) => r.status === 'final' || r.status === 'dropped'),
    );
  }

  async openCandidate(id: string): Promise<void> {
    await this.page.getByTestId(`explore-open-${id}`).click();
  }
}
