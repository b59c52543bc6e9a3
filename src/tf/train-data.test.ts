import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../data/types';
import { fillBatch, range, seededRandom, shuffleInPlace } from './train-data';
import { splitForValidation } from './train-loop';

function tiny(count: number): ImageDataset {
  const images = new Float32Array(count * 9);
  for (let i = 0; i < images.length; i++) images[i] = i;
  return { name: 'tiny', imageShape: [3, 3, 1], count, images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), numClasses: 10 };
}

describe('training data helpers', () => {
  it('seeded shuffles are permutations and reproducible', () => {
    const a = shuffleInPlace(range(50), seededRandom(3));
    const b = shuffleInPlace(range(50), seededRandom(3));
    const c = shuffleInPlace(range(50), seededRandom(4));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from(range(50)));
  });

  it('splits limit·(1−v) training indices and a disjoint validation copy', () => {
    const d = tiny(40);
    const cfg = { optimizer: 'adam' as const, learningRate: 1e-3, batchSize: 8, epochs: 1, validationSplit: 0.25, seed: 9, limit: 20 };
    const { trainIdx, val } = splitForValidation(d, cfg);
    expect(trainIdx.length).toBe(15);
    expect(val?.count).toBe(5);
    const valFirstPixels = Array.from({ length: 5 }, (_, i) => (val as ImageDataset).images[i * 9] / 9);
    for (const v of valFirstPixels) {
      expect(v).toBeLessThan(20);
      expect(Array.from(trainIdx)).not.toContain(v);
    }
    expect(Array.from(splitForValidation(d, cfg).trainIdx)).toEqual(Array.from(trainIdx));
    expect(splitForValidation(d, { ...cfg, validationSplit: 0 }).val).toBeNull();
  });

  it('fills batches, shifting with zero fill and mirroring', () => {
    const d = tiny(2);
    const out = new Float32Array(18);
    const labels = new Int32Array(2);
    fillBatch(d, [1, 0], out, labels, undefined, seededRandom(1));
    expect(Array.from(out.subarray(0, 9))).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(Array.from(labels)).toEqual([1, 0]);
    // rand() = 0.99: shift by (+1, +1), no mirror (0.99 ≥ ½); zero fill on the top row and left column.
    fillBatch(d, [0], out, labels, { shiftPixels: 1, flip: true }, () => 0.99);
    expect(Array.from(out.subarray(0, 9))).toEqual([0, 0, 0, 0, 0, 1, 0, 3, 4]);
    // rand() = 0.3: shift by (−1, −1), then mirrored horizontally.
    fillBatch(d, [0], out, labels, { shiftPixels: 1, flip: true }, () => 0.3);
    expect(Array.from(out.subarray(0, 9))).toEqual([4, 3, 0, 7, 6, 0, 0, 0, 0]);
  });
});
