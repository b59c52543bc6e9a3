import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { gzipSync, zipSync } from 'fflate';
import { INK, shapeImage, type ShapeClass } from './helpers/png';
import { expect, test } from './fixtures';

/** User datasets picked in the Train tab: zipped / folder image classes and gzipped IDX files. */

type Entries = Record<string, Uint8Array>;

/** `counts` PNGs per class under `top/<class>/NNN.png` (no top folder when `top` is empty). */
function shapeEntries(top: string, counts: Partial<Record<ShapeClass, number>>, size = 28, channels: 1 | 3 = 1): Entries {
  const out: Entries = {};
  const prefix = top ? `${top}/` : '';
  for (const [kind, n] of Object.entries(counts) as [ShapeClass, number][]) {
    for (let i = 0; i < n; i++) out[`${prefix}${kind}/${String(i).padStart(3, '0')}.png`] = shapeImage(kind, size, channels, i);
  }
  return out;
}

const zipFile = (name: string, entries: Entries) => ({ name, buffer: Buffer.from(zipSync(entries)) });

/** Per-class statistics of the thumbnails the worker sent (values in [0, 1], HWC). */
async function sampleStats(page: Page): Promise<{ label: number; length: number; max: number[] }[]> {
  return page.evaluate(() => {
    const s = window.__soraStore?.getState().datasetSummary;
    if (!s) return [];
    const c = s.imageShape[2];
    return s.samples.map((x) => {
      const max = new Array<number>(c).fill(0);
      x.pixels.forEach((v, i) => (max[i % c] = Math.max(max[i % c], v)));
      return { label: x.label, length: x.pixels.length, max };
    });
  });
}

async function setInputShape(page: Page, shape: [number, number, number]): Promise<void> {
  await page.evaluate(([height, width, channels]) => {
    window.__soraStore?.getState().updateDesign((d) => ({
      ...d,
      blocks: d.blocks.map((b) => (b.kind === 'input' ? { ...b, params: { ...b.params, height, width, channels } } : b)),
    }));
  }, shape);
}

test.describe('user datasets', () => {
  test('a zip of class folders lists its classes with exact counts and thumbnails, and trains', async ({ app, page }) => {
    test.setTimeout(300_000);
    const { training } = app;
    await training.openWithMnist();
    const entries = shapeEntries('shapes', { bars: 12, dots: 8 });
    entries['__MACOSX/shapes/bars/._000.png'] = new Uint8Array([0, 5, 22, 7, 0, 2, 0, 0]);
    entries['shapes/.DS_Store'] = new Uint8Array([0, 0, 0, 1, 66, 117, 100, 49]);
    await training.uploadDatasetFiles([zipFile('shapes.zip', entries)]);

    // 20% of each class is held out for testing (round(2.4) = 2 bars, round(1.6) = 2 dots); the rows count training images.
    await expect(training.datasetSummary).toContainText('shapes.zip · 28×28×1 · 16 train / 4 test (20% held out) · 2 classes');
    await expect(training.datasetError).toHaveCount(0);
    expect(await training.datasetClasses()).toEqual([
      { name: 'bars', count: '10', thumbs: Array(4).fill('28x28') },
      { name: 'dots', count: '6', thumbs: Array(4).fill('28x28') },
    ]);
    // White-on-black grayscale PNGs decode to 1 channel with values up to 1; 4 thumbnails per class.
    const stats = await sampleStats(page);
    expect(stats.map((s) => [s.label, s.length])).toEqual([...Array(4).fill([0, 784]), ...Array(4).fill([1, 784])]);
    for (const s of stats) expect(s.max[0]).toBeCloseTo(1, 2);

    // The Input block (28×28×1) fits; the Output block's 10 classes do not, until matched.
    await expect(page.getByTestId('dataset-fit-problem')).toHaveText(/^The Output block has 10 classes but shapes\.zip has 2\./);
    await expect(page.getByTestId('train-start')).toBeDisabled();
    await page.getByRole('button', { name: 'Match Input block to dataset' }).click();
    await expect(page.getByTestId('dataset-fit-problem')).toHaveCount(0);
    await expect(page.getByTestId('train-start')).toBeEnabled();

    // 5% of 16 training images would be 0 validation images, which is refused: hold out a quarter instead.
    await training.configure({ epochs: 1, batchSize: 8, validationSplit: 0.25 });
    await training.start();
    const run = await training.waitForFinish(240_000);
    expect(run.status, JSON.stringify(run)).toBe('completed');
    expect(run.epochs).toHaveLength(1);
    expect(run.testAccuracy).toBeGreaterThanOrEqual(0);
  });

  test('images of another size are resized to the Input block, RGB to luma or kept RGB', async ({ app, page }) => {
    const { training } = app;
    await training.openWithMnist();
    const luma = (0.299 * INK[0] + 0.587 * INK[1] + 0.114 * INK[2]) / 255;

    // 40×40 RGB PNGs, Input block 28×28×1 → 28×28 grayscale (luma of the ink colour).
    await training.uploadDatasetFiles([zipFile('colour.zip', shapeEntries('colour', { bars: 6, dots: 5 }, 40, 3))]);
    await expect(training.datasetSummary).toContainText('colour.zip · 28×28×1 · 9 train / 2 test (20% held out) · 2 classes');
    expect(await training.datasetClasses()).toEqual([
      { name: 'bars', count: '5', thumbs: Array(4).fill('28x28') },
      { name: 'dots', count: '4', thumbs: Array(4).fill('28x28') },
    ]);
    for (const s of await sampleStats(page)) {
      expect(s.length).toBe(28 * 28);
      expect(s.max[0]).toBeCloseTo(luma, 2);
    }
    // Resizable images only need 1 or 3 channels: the only misfit is the class count.
    await expect(page.getByTestId('dataset-fit-problem')).toHaveText(/^The Output block has 10 classes but colour\.zip has 2\./);

    // Input block 32×32×3 → the same files load as 32×32 RGB with the ink colour intact.
    await setInputShape(page, [32, 32, 3]);
    await training.uploadDatasetFiles([zipFile('colour.zip', shapeEntries('colour', { bars: 6, dots: 5 }, 40, 3))]);
    await expect(training.datasetSummary).toContainText('colour.zip · 32×32×3 · 9 train / 2 test (20% held out) · 2 classes');
    expect((await training.datasetClasses()).map((c) => c.thumbs[0])).toEqual(['32x32', '32x32']);
    for (const s of await sampleStats(page)) {
      expect(s.length).toBe(32 * 32 * 3);
      INK.forEach((v, c) => expect(s.max[c]).toBeCloseTo(v / 255, 2));
    }

    // An Input block with 2 channels cannot take images: explained, and "match" picks RGB.
    await setInputShape(page, [32, 32, 2]);
    await expect(page.getByTestId('dataset-fit-problem')).toContainText(
      'The Input block has 2 channels; images can be loaded as 1 (grayscale) or 3 (RGB) channels.',
    );
    await page.getByRole('button', { name: 'Match Input block to dataset' }).click();
    await expect(page.getByTestId('dataset-fit-problem')).toHaveCount(0);
    await expect(page.getByTestId('train-start')).toBeEnabled();
    await expect(page.locator('.react-flow__node').first()).toContainText('32×32×3');
  });

  test('a non-image or undecodable file in a class folder is named and MNIST stays', async ({ app, page }) => {
    const { training } = app;
    await training.openWithMnist();
    const withText = shapeEntries('shapes', { bars: 3, dots: 3 });
    withText['shapes/bars/readme.txt'] = new TextEncoder().encode('stripes, 4 px wide\n');
    await training.uploadDatasetFiles([zipFile('shapes.zip', withText)]);
    await expect(training.datasetError).toHaveText('shapes/bars/readme.txt: is not an image (expected png, jpg, jpeg, gif, bmp, webp)');
    await expect(training.datasetSummary).toContainText('MNIST · 28×28×1');
    await expect(page.getByTestId('dataset-class')).toHaveCount(10);
    await expect(page.getByTestId('train-start')).toBeEnabled();

    const withBroken = shapeEntries('shapes', { bars: 3, dots: 3 });
    withBroken['shapes/dots/broken.png'] = withBroken['shapes/dots/000.png'].subarray(0, 40);
    await training.uploadDatasetFiles([zipFile('shapes.zip', withBroken)]);
    await expect(training.datasetError).toContainText('shapes/dots/broken.png: could not be decoded as an image (');
    await expect(training.datasetSummary).toContainText('MNIST · 28×28×1');
    await expect(page.getByTestId('dataset-class')).toHaveCount(10);
  });

  test('a zip with one class folder asks for at least two classes', async ({ app, page }) => {
    const { training } = app;
    await training.openWithMnist();
    await training.uploadDatasetFiles([zipFile('bars.zip', shapeEntries('shapes', { bars: 5 }))]);
    await expect(training.datasetError).toHaveText('bars: is the only class folder; a classifier needs at least two classes (one sub-folder each)');
    await expect(training.datasetSummary).toContainText('MNIST · 28×28×1');
    await expect(page.getByTestId('train-start')).toBeEnabled();
  });

  test('a picked folder with one sub-folder per class loads with exact counts', async ({ app }) => {
    const { training } = app;
    await training.openWithMnist();
    const root = test.info().outputPath('shapes');
    for (const [path, data] of Object.entries(shapeEntries('', { bars: 7, dots: 5 }))) {
      const file = join(root, path);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, data);
    }
    writeFileSync(join(root, '.DS_Store'), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
    await training.uploadDatasetFolder(root);
    // 7 bars → 1 held out, 5 dots → 1 held out; the label is the picked folder's name.
    await expect(training.datasetSummary).toContainText('shapes · 28×28×1 · 10 train / 2 test (20% held out) · 2 classes');
    await expect(training.datasetError).toHaveCount(0);
    expect(await training.datasetClasses()).toEqual([
      { name: 'bars', count: '6', thumbs: Array(4).fill('28x28') },
      { name: 'dots', count: '4', thumbs: Array(4).fill('28x28') },
    ]);
  });

  test('gzipped IDX files (Fashion-MNIST style) load with exact per-class counts', async ({ app, page }) => {
    const { training } = app;
    await training.openWithMnist();
    const idxImages = (labels: number[]) => {
      const head = Buffer.alloc(16);
      head.writeUInt32BE(0x803, 0);
      head.writeUInt32BE(labels.length, 4);
      head.writeUInt32BE(28, 8);
      head.writeUInt32BE(28, 12);
      const px = Buffer.alloc(labels.length * 784);
      labels.forEach((l, i) => px.fill(40 + 100 * l, i * 784 + l * 200, i * 784 + l * 200 + 150 + i));
      return Buffer.concat([head, px]);
    };
    const idxLabels = (labels: number[]) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(0x801, 0);
      head.writeUInt32BE(labels.length, 4);
      return Buffer.concat([head, Buffer.from(labels)]);
    };
    const gz = (name: string, b: Buffer) => ({ name, buffer: Buffer.from(gzipSync(b)) });
    const train = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 0]; // 5 × class 0, 4 × class 1, 3 × class 2
    const t10k = [2, 1, 0, 0, 1, 2];
    await training.uploadDatasetFiles([
      gz('train-images-idx3-ubyte.gz', idxImages(train)),
      gz('train-labels-idx1-ubyte.gz', idxLabels(train)),
      gz('t10k-images-idx3-ubyte.gz', idxImages(t10k)),
      gz('t10k-labels-idx1-ubyte.gz', idxLabels(t10k)),
    ]);
    await expect(training.datasetSummary).toContainText('IDX dataset · 28×28×1 · 12 train / 6 test (t10k-images-idx3-ubyte.gz) · 3 classes');
    expect(await training.datasetClasses()).toEqual([
      { name: '0', count: '5', thumbs: Array(4).fill('28x28') },
      { name: '1', count: '4', thumbs: Array(4).fill('28x28') },
      { name: '2', count: '3', thumbs: Array(3).fill('28x28') },
    ]);
    await expect(page.getByTestId('dataset-fit-problem')).toHaveText(/^The Output block has 10 classes but IDX dataset has 3\./);

    // Only a training pair, zipped: 20% of each class held out (at least one each).
    const zipped = zipFile('fashion.zip', {
      'fashion/train-images-idx3-ubyte.gz': gzipSync(idxImages(train)),
      'fashion/train-labels-idx1-ubyte.gz': gzipSync(idxLabels(train)),
    });
    await training.uploadDatasetFiles([zipped]);
    await expect(training.datasetSummary).toContainText('fashion.zip · 28×28×1 · 9 train / 3 test (20% held out) · 3 classes');
    expect((await training.datasetClasses()).map((c) => c.count)).toEqual(['4', '3', '2']);

    // Counts that disagree are named; the loaded set stays.
    await training.uploadDatasetFiles([
      gz('train-images-idx3-ubyte.gz', idxImages(train)),
      gz('train-labels-idx1-ubyte.gz', idxLabels(train.slice(0, 11))),
    ]);
    await expect(training.datasetError).toHaveText(
      'train-images-idx3-ubyte.gz: has 12 images but train-labels-idx1-ubyte.gz has 11 labels; the counts must match',
    );
    await expect(training.datasetSummary).toContainText('fashion.zip · 28×28×1 · 9 train / 3 test');
  });
});
