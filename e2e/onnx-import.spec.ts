import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
/** torch.onnx.export of a small CNN (conv, depthwise+pointwise, dilated conv, max-pool, BN, linear + softmax). */
const SMALL_CNN = path.resolve(here, '../src/core/onnx/import/__fixtures__/small-cnn.onnx');
/** An MNIST-shaped torch export (1×28×28 → 10 classes, untrained weights). */
const MNIST_TINY = path.resolve(here, '../src/core/onnx/import/__fixtures__/mnist-tiny.onnx');

test.describe('ONNX import', () => {
  test('Open… takes a PyTorch .onnx export as a new variant with its params, Separable and Receptive-Field blocks', async ({ app, page }) => {
    const v = app.variants;
    await v.openFile(SMALL_CNN);
    await expect(v.items).toHaveCount(2);
    await expect(v.notice('success')).toContainText(
      'Imported the ONNX model “small-cnn.onnx” as variant “small-cnn” (8 blocks) with its 4,522 weights; training starts from them.',
    );
    await expect(page.getByTestId('summary-params')).toHaveText('4,522');
    const kinds = await v.state<string[]>('s.variants.find((v) => v.id === s.activeVariantId).design.blocks.map((b) => b.kind)');
    expect(kinds).toEqual(['input', 'conv', 'separable-conv', 'receptive-field-conv', 'max-pool', 'batch-norm', 'flatten', 'output']);
  });

  test('training the imported variant starts from its weights (layers changed by matching MNIST start fresh)', async ({ app, page }) => {
    const v = app.variants;
    await v.openFile(SMALL_CNN);
    await expect(v.items).toHaveCount(2);
    const t = app.training;
    await t.openWithMnist();
    // 12×12×3 → 28×28×1: the first conv's kernel and the classifier's kernel change shape.
    await page.getByRole('button', { name: 'Match Input block to dataset' }).click();
    await t.recordStatusTexts();
    await t.startShortRun(640);
    await t.waitForFinish(60_000);
    expect(await t.statusTexts()).toContain('Training from the imported weights (11 tensors; 2 tensors changed since the import start fresh)…');
  });

  test('"Evaluate imported weights" reports test accuracy without training; refused once the design no longer fits them', async ({ app, page }) => {
    const v = app.variants;
    await v.openFile(MNIST_TINY);
    await expect(v.items).toHaveCount(2);
    const t = app.training;
    await t.openWithMnist();
    await page.getByTestId('evaluate-imported').click();
    const r = await t.waitForFinish(120_000);
    expect(r.status).toBe('completed');
    expect(r.batchPoints).toBe(0);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.testAccuracy).toBeLessThanOrEqual(1);

    // The 12×12×3 model matched to MNIST: two kernels changed shape, so its weights cannot be evaluated as they are.
    await v.openFile(SMALL_CNN);
    await expect(v.items).toHaveCount(3);
    await page.getByRole('button', { name: 'Match Input block to dataset' }).click();
    await page.getByTestId('evaluate-imported').click();
    await expect(page.getByTestId('train-error')).toHaveText(
      'Cannot evaluate the imported weights: 2 tensors (conv/kernel, fc/kernel) no longer match the design, which was edited since the import. Train to fine-tune it instead.',
    );
  });

  test('a broken .onnx file: an error naming the file, no new variant, the current design untouched', async ({ app }) => {
    const v = app.variants;
    const before = await v.state<string>('JSON.stringify(s.variants.find((v) => v.id === s.activeVariantId).design)');
    const bytes = readFileSync(SMALL_CNN).subarray(0, 300);
    await v.fileInput.setInputFiles({ name: 'cut.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await expect(v.notice('error')).toContainText('Could not open “cut.onnx”: not an ONNX model');
    await expect(v.items).toHaveCount(1);
    expect(await v.state<string>('JSON.stringify(s.variants.find((v) => v.id === s.activeVariantId).design)')).toBe(before);
  });
});
