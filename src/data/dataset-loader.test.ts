import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImageDecoder } from './image-folder';
import { loadUserFiles, loadIdxFiles, expandZips } from './dataset-loader';
import { holdOutTest, splitProblem, summarize } from './dataset-split';
import { idxImages, idxLabels, tinyDataset } from '../test-support/datasets';

/** Opaque mid-grey images (alpha 255). */
const fakeDecoder: ImageDecoder = async (_f, h, w) => new Uint8ClampedArray(h * w * 4).map((_, i) => (i % 4 === 3 ? 255 : 128));

describe('user dataset files', () => {
  it('pairs IDX train/test files by magic and name', () => {
    const { split, testSource } = loadIdxFiles(
      [
        { name: 'train-labels-idx1-ubyte', data: idxLabels([0, 1, 2, 1]) },
        { name: 'train-images-idx3-ubyte', data: idxImages(4, 3, 2) },
        { name: 't10k-images-idx3-ubyte', data: idxImages(2, 3, 2) },
        { name: 't10k-labels-idx1-ubyte', data: idxLabels([2, 0]) },
      ],
      'digits',
    );
    expect(split.train.count).toBe(4);
    expect(split.train.imageShape).toEqual([3, 2, 1]);
    expect(split.train.numClasses).toBe(3);
    expect(split.test.count).toBe(2);
    expect(split.test.numClasses).toBe(3);
    expect(testSource).toBe('t10k-images-idx3-ubyte');
    expect(split.train.images[0]).toBeCloseTo(16 / 255);
  });

  it('holds out 20% when there are no test files and names bad files', () => {
    const labels = Array.from({ length: 20 }, (_, i) => i % 2);
    const { split, testSource } = loadIdxFiles(
      [
        { name: 'a-images.idx', data: idxImages(20, 2, 2) },
        { name: 'a-labels.idx', data: idxLabels(labels) },
      ],
      'a',
    );
    expect(split.train.count + split.test.count).toBe(20);
    expect(split.test.count).toBe(4);
    expect(testSource).toBe('20% held out');
    expect(() =>
      loadIdxFiles(
        [
          { name: 'imgs', data: idxImages(3, 2, 2) },
          { name: 'labs', data: idxLabels([0, 1]) },
        ],
        'x',
      ),
    ).toThrow('imgs: has 3 images but labs has 2 labels; the counts must match');
    expect(() =>
      loadIdxFiles(
        [
          { name: 'imgs', data: idxImages(2, 2, 2) },
          { name: 'labs', data: idxLabels([1, 1]) },
        ],
        'x',
      ),
    ).toThrow('labs: every label is 1; a classifier needs at least two classes');
    const truncated = idxImages(3, 2, 2).slice(0, 20);
    expect(() =>
      loadIdxFiles(
        [
          { name: 'imgs.idx3', data: truncated },
          { name: 'labs', data: idxLabels([0, 1, 0]) },
        ],
        'x',
      ),
    ).toThrow(/imgs\.idx3: truncated/);
  });

  it('reports a wrong magic number with the file name', async () => {
    const junk = new Uint8Array([0, 0, 9, 9, 1, 2, 3, 4]).buffer;
    await expect(loadUserFiles([{ name: 'train-images-idx3-ubyte', data: junk }], 'bad', [28, 28, 1], fakeDecoder)).rejects.toThrow(
      'train-images-idx3-ubyte: is not an IDX file (wrong magic number',
    );
    await expect(loadUserFiles([{ name: 'notes.txt', data: junk }], 'bad', [28, 28, 1], fakeDecoder)).rejects.toThrow(
      'notes.txt: is not a dataset file we can read',
    );
    await expect(loadUserFiles([{ name: 'x.zip', data: junk }], 'bad', [28, 28, 1], fakeDecoder)).rejects.toThrow(
      'x.zip: is not a readable zip archive',
    );
  });

  it('reads a zip of class folders, resized to the Input block, with a summary', async () => {
    const png = new Uint8Array([1, 2, 3]);
    const zip = zipSync({
      'shapes/circle/1.png': png,
      'shapes/circle/2.png': png,
      'shapes/square/1.png': png,
      'shapes/square/2.png': png,
      'shapes/square/3.png': png,
    });
    expect(expandZips([{ name: 'shapes.zip', data: zip.buffer as ArrayBuffer }]).length).toBe(5);
    const { split, summary } = await loadUserFiles([{ name: 'shapes.zip', data: zip.buffer as ArrayBuffer }], 'shapes.zip', [8, 6, 3], fakeDecoder);
    expect(summary.classNames).toEqual(['circle', 'square']);
    expect(summary.imageShape).toEqual([8, 6, 3]);
    expect(summary.resizable).toBe(true);
    expect(split.train.count + split.test.count).toBe(5);
    expect(split.test.count).toBe(2);
    expect(summary.classCounts).toEqual([1, 2]);
    expect(summary.samples.length).toBe(3);
    expect(split.train.images[0]).toBeCloseTo(128 / 255);
  });
});

/** A zip whose central directory claims `claimed` bytes for its one entry (the data is tiny). */
function zipClaiming(claimed: number): ArrayBuffer {
  const zip = zipSync({ 'a/x.bin': new Uint8Array(100) }, { level: 6 });
  const view = new DataView(zip.buffer);
  for (let i = zip.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, claimed, true);
  }
  return zip.buffer as ArrayBuffer;
}

describe('bounded dataset loading', () => {
  it('refuses zips whose declared sizes add up to more than 1 GiB before inflating them', () => {
    expect(() => expandZips([{ name: 'big.zip', data: zipClaiming(2 ** 31) }])).toThrow(
      'big.zip: the zip archive would unpack to 2.15 GB, more than the 1 GiB limit for a dataset',
    );
    const two = [
      { name: 'a.zip', data: zipClaiming(600_000_000) },
      { name: 'b.zip', data: zipClaiming(600_000_000) },
    ];
    expect(() => expandZips(two)).toThrow('b.zip: the zip archives would unpack to 1.20 GB, more than the 1 GiB limit');
  });

  it('names a truncated .gz as truncated or corrupt gzip, not as a wrong magic number', async () => {
    const gz = gzipSync(new Uint8Array(idxImages(50, 8, 8)));
    for (const keep of [12, gz.length - 20]) {
      await expect(
        loadUserFiles(
          [
            { name: 'train-images-idx3-ubyte.gz', data: gz.slice(0, keep).buffer as ArrayBuffer },
            { name: 'train-labels-idx1-ubyte', data: idxLabels(Array.from({ length: 50 }, (_, i) => i % 2)) },
          ],
          'cut',
          [8, 8, 1],
          fakeDecoder,
        ),
      ).rejects.toThrow(/^train-images-idx3-ubyte\.gz: truncated or corrupt gzip data/);
    }
  });

  it('refuses an image folder that would need more than 1 GiB as float32 before decoding it', async () => {
    const files = Array.from({ length: 2 }, (_, i) => ({ name: `set/c${i}/1.png`, data: new ArrayBuffer(3) }));
    await expect(loadUserFiles(files, 'set', [20_000, 20_000, 3], fakeDecoder)).rejects.toThrow(
      'set: 2 images of 20000×20000×3 need 9.60 GB as float32, more than the 1 GiB limit for a dataset',
    );
  });
});

describe('dataset split helpers', () => {
  it('holds out a stratified, seeded test set and summarises per class', () => {
    const ds = tinyDataset(30, 3);
    const a = holdOutTest(ds, 0.2, 7);
    const b = holdOutTest(ds, 0.2, 7);
    expect(a.test.count).toBe(6);
    expect([...a.test.labels].sort()).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...a.test.images]).toEqual([...b.test.images]);
    const s = summarize('tiny', a, 'held out', false);
    expect(s.classCounts).toEqual([8, 8, 8]);
    expect(s.classNames).toEqual(['0', '1', '2']);
    expect(s.samples.filter((x) => x.label === 2).length).toBe(4);
  });
});

describe('split problems', () => {
  it('names empty test sets and validation shares that round to nothing or to everything', () => {
    expect(splitProblem({ name: 'd', trainCount: 100, testCount: 20 }, { validationSplit: 0.05 })).toBeNull();
    expect(splitProblem({ name: 'd', trainCount: 100, testCount: 20 }, { validationSplit: 0 })).toBeNull();
    expect(splitProblem({ name: 'd', trainCount: 0, testCount: 20 }, { validationSplit: 0 })).toBe('d has no training images.');
    expect(splitProblem({ name: 'd', trainCount: 10, testCount: 0 }, { validationSplit: 0 })).toMatch(/^d leaves no test images/);
    expect(splitProblem({ name: 'd', trainCount: 1000, testCount: 5 }, { validationSplit: 0.05, limit: 10 })).toBe(
      'A 5% validation split of 10 training images is 0 images: use at least 20 training images, a larger validation split, or a validation split of 0.',
    );
    expect(splitProblem({ name: 'd', trainCount: 1, testCount: 5 }, { validationSplit: 0.5 })).toMatch(/is 0 images/);
  });
});
