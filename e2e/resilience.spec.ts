import { expect, test } from './fixtures';

/** Writes raw values into an IndexedDB object store, as a damaged or foreign record would sit there. */
async function seedRecords(page: import('@playwright/test').Page, db: string, store: string, records: [string, unknown][]): Promise<void> {
  await page.evaluate(
    ({ db, store, records }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(db);
        open.onupgradeneeded = () => open.result.createObjectStore(store);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readwrite');
          for (const [key, value] of records) tx.objectStore(store).put(value, key);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { db, store, records },
  );
}

async function storedKeys(page: import('@playwright/test').Page, db: string, store: string): Promise<string[]> {
  return page.evaluate(
    ({ db, store }) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open(db);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store, 'readonly').objectStore(store).getAllKeys();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result.map(String).sort());
          };
          req.onerror = () => reject(req.error);
        };
      }),
    { db, store },
  );
}

test.describe('storage that cannot brick the app', () => {
  test('a damaged variant and damaged runs are set aside with a notice; the app starts and the good variants work', async ({ app, page }) => {
    const { variants, training } = app;
    const blocks = await page.locator('.react-flow__node').count();
    // A good second variant (a copy of the saved default) next to a damaged one and damaged runs.
    const good = await variants.state<{ id: string; name: string; design: unknown; createdAt: number; updatedAt: number }>('s.variants[0]');
    await seedRecords(page, 'sora-designer', 'state', [
      [
        'variant:good-copy',
        { id: 'good-copy', revision: 1, savedBy: 'seed', savedAt: 1, variant: { ...good, id: 'good-copy', name: 'Good copy', createdAt: 2 } },
      ],
      [
        'variant:broken',
        {
          id: 'broken',
          revision: 1,
          savedBy: 'seed',
          savedAt: 1,
          variant: { id: 'broken', name: 'Broken net', design: { name: 'Broken net', blocks: [null], edges: [] }, createdAt: 3, updatedAt: 3 },
        },
      ],
    ]);
    await seedRecords(page, 'sora-runs', 'runs', [
      ['run:null-run', null],
      ['run:half-run', { id: 'half-run', variantName: 'Half run', status: 'completed' }],
    ]);

    await page.reload();
    await variants.waitSaved();
    const notice = variants.notice('error').filter({ hasText: 'saved variant' });
    await expect(notice).toContainText('1 saved variant could not be read (damaged data) and was set aside');
    await expect(notice).toContainText('“Broken net” (variant.design: blocks[0]: expected an object, got null)');
    expect(await variants.names()).toEqual([good.name, 'Good copy']);
    await variants.select('Good copy');
    await expect(page.locator('.react-flow__node')).toHaveCount(blocks);
    // The good variant works: an edit shows on the canvas and is saved.
    await variants.rename('Good copy', 'Good copy edited');
    await variants.waitSaved();
    expect(await variants.names()).toEqual([good.name, 'Good copy edited']);

    await training.open(); // runs load with the training panel (or the comparison)
    await expect(page.getByTestId('notice-error').filter({ hasText: 'saved runs could not be read' })).toContainText(
      '2 saved runs could not be read (damaged data) and were set aside, not loaded',
    );
    await expect(page.getByTestId('notice-error').filter({ hasText: 'saved runs' })).toContainText('the run of “Half run”');
    await expect(page.getByTestId('view-error')).toHaveCount(0);

    // Kept, not deleted — and not in the way of the next start.
    expect(await storedKeys(page, 'sora-designer', 'state')).toContain('quarantine:variant:broken');
    expect(await storedKeys(page, 'sora-runs', 'runs')).toEqual(['quarantine:run:half-run', 'quarantine:run:null-run']);
    await page.reload();
    await variants.waitSaved();
    expect(await variants.names()).toEqual([good.name, 'Good copy edited']);
    await expect(page.getByTestId('notice-error')).toHaveCount(0);
  });
});

test.describe('a view that fails to render', () => {
  test.use({ allowConsole: [/sora-test-render-failure/] });

  test('shows its error and a Try again; the rest of the app keeps working and the design is intact', async ({ app, page }) => {
    const { editor, training, variants } = app;
    const blocks = await page.locator('.react-flow__node').count();
    const designBefore = JSON.stringify(await editor.activeDesign());
    await training.open();

    // Training settings the panel cannot render (reading them throws), put into the store behind the app's back.
    await page.evaluate(() => {
      const store = window.__soraStore!;
      (window as unknown as { __goodConfig: unknown }).__goodConfig = store.getState().trainingConfig;
      const broken = new Proxy(
        {},
        {
          get() {
            throw new Error('sora-test-render-failure');
          },
        },
      );
      store.setState({ trainingConfig: broken as never });
    });
    const failed = page.locator('[data-testid="view-error"][data-view="training panel"]');
    await expect(failed).toBeVisible();
    await expect(failed.getByTestId('view-error-message')).toHaveText('sora-test-render-failure');
    await expect(training.panel).toHaveCount(0);

    // Everything else still works, and the design is untouched.
    expect(JSON.stringify(await editor.activeDesign())).toBe(designBefore);
    await expect(page.locator('.react-flow__node')).toHaveCount(blocks);
    await page.getByTestId('tab-layers').click();
    await expect(page.getByRole('tabpanel', { name: 'Layers' })).toBeVisible();
    await variants.newFromTemplate('Sora fast (MNIST)');
    await expect(variants.items).toHaveCount(2);
    await expect(page.locator('.react-flow__node')).toHaveCount(blocks);

    // Once the value is fixed, Try again re-mounts the panel and it renders again.
    await page.getByTestId('tab-train').click();
    await page.evaluate(() => {
      window.__soraStore!.setState({ trainingConfig: (window as unknown as { __goodConfig: never }).__goodConfig });
    });
    await expect(failed).toBeVisible();
    await failed.getByTestId('view-error-retry').click();
    await expect(training.panel).toBeVisible();
    await expect(page.locator('[data-view="training panel"]')).toHaveCount(0);
    await expect(page.getByTestId('cfg-epochs')).toBeVisible();
  });
});
