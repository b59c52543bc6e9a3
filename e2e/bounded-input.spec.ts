import { zipSync } from 'fflate';
import { toBase64Url } from '../src/core/io/share-url';
import { zeroDeflateBomb } from '../src/core/io/test-bombs';
import { shapeImage } from './helpers/png';
import { expect, test } from './fixtures';

test.describe('bounded work on bad input', () => {
  test('a malformed %-escape and a decompression bomb in a share link give the bad-link notice, designs untouched', async ({ app }) => {
    const v = app.variants;
    const before = await v.names();
    await app.goto('#design=%E0%A4%A');
    await expect(v.notice('error')).toHaveText(/Could not open the share link: share link is damaged: it contains a malformed %-escape/);
    expect(await v.names()).toEqual(before);

    // ~1 MB of link that would inflate to 150 MB: refused after inflating a few MB.
    const bomb = toBase64Url(zeroDeflateBomb(150_000_000));
    expect(bomb.length).toBeGreaterThan(1_000_000);
    const started = Date.now();
    await app.goto(`#design=${bomb}`);
    await expect(v.notice('error').last()).toContainText('share link data is too large (it inflates to more than 2000000 bytes)');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await v.names()).toEqual(before);
  });

  test('a PNG opened as a design says it is a PNG image', async ({ app }) => {
    const v = app.variants;
    const before = await v.names();
    await v.openFileBytes('cat.png', shapeImage('bars', 28, 1, 0));
    await expect(v.notice('error')).toHaveText(
      /Could not open “cat\.png”: this looks like a PNG image, not a design file \(\.sora\.json\) or a Keras\/tfjs model \(model\.json\)/,
    );
    expect(await v.names()).toEqual(before);
  });

  test('a dataset whose 5% validation share is 0 images is refused at Start with what to change', async ({ app, page }) => {
    const { training } = app;
    await training.openWithMnist();
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10; i++) {
      entries[`tiny/bars/${i}.png`] = shapeImage('bars', 28, 1, i);
      entries[`tiny/dots/${i}.png`] = shapeImage('dots', 28, 1, i);
    }
    await training.uploadDatasetFiles([{ name: 'tiny.zip', buffer: Buffer.from(zipSync(entries)) }]);
    await expect(training.datasetSummary).toContainText('tiny.zip · 28×28×1 · 16 train / 4 test');
    await page.getByRole('button', { name: 'Match Input block to dataset' }).click();
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('notice-error')).toContainText(
      'A 5% validation split of 16 training images is 0 images: use at least 20 training images, a larger validation split, or a validation split of 0.',
      { timeout: 60_000 },
    );
  });
});
