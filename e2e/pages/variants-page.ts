import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the variants sidebar, the file menu and autosave. */
export class VariantsPage {
  readonly sidebar: Locator;
  readonly items: Locator;
  readonly status: Locator;
  readonly fileInput: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.getByTestId('variants-sidebar');
    this.items = this.sidebar.getByTestId('variant-item');
    this.status = page.getByTestId('autosave-status');
    this.fileInput = page.getByTestId('open-file-input');
  }

  async waitSaved(): Promise<void> {
    await expect(this.status).toHaveAttribute('data-phase', 'saved', { timeout: 15_000 });
  }

  async names(): Promise<string[]> {
    return this.items.getByTestId('variant-name').allTextContents();
  }

  item(name: string): Locator {
    return this.items.filter({ has: this.page.getByTestId('variant-name').getByText(name, { exact: true }) });
  }

  active(): Locator {
    return this.sidebar.locator('[data-testid="variant-item"][data-active="true"]');
  }

  async activeName(): Promise<string> {
    return (await this.active().getByTestId('variant-name').textContent()) ?? '';
  }

  async newFromTemplate(templateName: string): Promise<void> {
    await this.page.getByTestId('new-variant').click();
    await this.page.getByRole('menuitem', { name: templateName }).click();
  }

  async newBlank(): Promise<void> {
    await this.page.getByTestId('new-variant').click();
    await this.page.getByRole('menuitem', { name: /Blank design/ }).click();
  }

  async select(name: string): Promise<void> {
    await this.item(name).getByTestId('variant-name').click();
  }

  async rename(oldName: string, newName: string, key: 'Enter' | 'Escape' = 'Enter'): Promise<void> {
    await this.sidebar.getByRole('button', { name: `Rename ${oldName}`, exact: true }).click();
    const input = this.sidebar.getByTestId('variant-name-input');
    await input.fill(newName);
    await input.press(key);
  }

  async fork(name: string): Promise<void> {
    await this.sidebar.getByRole('button', { name: `Fork ${name}`, exact: true }).click();
  }

  /** Clicks delete and answers the confirmation dialog. */
  async delete(name: string, confirm: boolean): Promise<void> {
    await this.sidebar.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Delete variant?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(name);
    await dialog.getByRole('button', { name: confirm ? 'Delete' : 'Cancel', exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  async openFile(filePath: string): Promise<void> {
    await this.fileInput.setInputFiles(filePath);
  }

  async openFileContents(name: string, text: string): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }

  /** Opens a file with arbitrary (e.g. binary) contents through the Open… input. */
  async openFileBytes(name: string, bytes: Uint8Array): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  }

  notice(kind: 'error' | 'info' | 'success'): Locator {
    return this.page.getByTestId(`notice-${kind}`);
  }

  /** Reads the app store (exposed as window.__soraStore in dev builds). */
  async state<T>(pick: string): Promise<T> {
    return this.page.evaluate((expr) => {
      const store = (window as unknown as { __soraStore?: { getState(): unknown } }).__soraStore;
      if (!store) throw new Error('window.__soraStore is missing (dev build expected)');
      // eslint-disable-next-line no-new-func
      return new Function('s', `return (${expr});`)(store.getState()) as T;
    }, pick);
  }
}
