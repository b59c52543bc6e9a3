import type { DatasetSplit, ImageDataset } from './types';
import type { DatasetSample, DatasetSummary } from './dataset-summary';
import { seededRandom as rng } from '../core/seeded-random';

/** Pure dataset helpers for the worker: held-out test sets, subsets and the panel summary. */

/** The examples at `indices`, in that order. */
export function subset(ds: ImageDataset, indices: readonly number[], name = ds.name): ImageDataset {
  const size = ds.imageShape[0] * ds.imageShape[1] * ds.imageShape[2];
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, i) => {
    images.set(ds.images.subarray(src * size, (src + 1) * size), i * size);
    labels[i] = ds.labels[src];
  });
  return { ...ds, name, count: indices.length, images, labels };
}

/** Splits off `fraction` of every class (at least one image of classes with two or more) as a test set, shuffled by seed. */
export function holdOutTest(ds: ImageDataset, fraction: number, seed = 1234): DatasetSplit {
  const random = rng(seed);
  const byClass: number[][] = Array.from({ length: ds.numClasses }, () => []);
  for (let i = 0; i < ds.count; i++) byClass[ds.labels[i]].push(i);
  const train: number[] = [];
  const test: number[] = [];
  for (const list of byClass) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    const k = list.length >= 2 ? Math.max(1, Math.round(list.length * fraction)) : 0;
    test.push(...list.slice(0, k));
    train.push(...list.slice(k));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: subset(ds, train, `${ds.name} (train)`), test: subset(ds, test, `${ds.name} (test)`) };
}

export function classCounts(ds: ImageDataset): number[] {
  const counts = new Array<number>(ds.numClasses).fill(0);
  for (let i = 0; i < ds.count; i++) counts[ds.labels[i]]++;
  return counts;
}

/** Up to `perClass` training images of every class, copied. */
export function sampleImages(ds: ImageDataset, perClass = 4): DatasetSample[] {
  const size = ds.imageShape[0] * ds.imageShape[1] * ds.imageShape[2];
  const taken = new Array<number>(ds.numClasses).fill(0);
  const out: DatasetSample[] = [];
  for (let i = 0; i < ds.count && out.length < perClass * ds.numClasses; i++) {
    const l = ds.labels[i];
    if (taken[l] >= perClass) continue;
    taken[l]++;
    out.push({ label: l, pixels: ds.images.slice(i * size, (i + 1) * size) });
  }
  return out;
}

export function summarize(name: string, split: DatasetSplit, testSource: string, resizable: boolean): DatasetSummary {
  const t = split.train;
  return {
    name,
    imageShape: [t.imageShape[0], t.imageShape[1], t.imageShape[2]],
    numClasses: t.numClasses,
    classNames: t.classNames ? [...t.classNames] : Array.from({ length: t.numClasses }, (_, k) => String(k)),
    trainCount: t.count,
    testCount: split.test.count,
    classCounts: classCounts(t),
    samples: sampleImages(t),
    resizable,
    testSource,
  };
}

/**
 * Why a run cannot start on this split, or null: no test images (so no test accuracy), no training images, or
 * a validation share that rounds to zero images (or to all of them) when validation was asked for. Checked
 * before the model is compiled, mirroring the count splitForValidation (src/tf/train-loop.ts) will take.
 */
export function splitProblem(
  counts: { name: string; trainCount: number; testCount: number },
  config: { validationSplit: number; limit?: number },
): string | null {
  const { name, trainCount, testCount } = counts;
  if (trainCount === 0) return `${name} has no training images.`;
  if (testCount === 0) {
    return `${name} leaves no test images, so the run could not be scored: add test files, or more images per class (a class needs at least 2 images for one to be held out for testing).`;
  }
  if (config.validationSplit > 0) {
    const used = Math.min(trainCount, config.limit ?? trainCount);
    const validation = Math.floor(used * config.validationSplit);
    const pct = `${+(config.validationSplit * 100).toFixed(2)}%`;
    if (validation === 0) {
      const need = Math.ceil(1 / config.validationSplit);
      return `A ${pct} validation split of ${used} training image${used === 1 ? '' : 's'} is 0 images: use at least ${need} training images, a larger validation split, or a validation split of 0.`;
    }
    if (used - validation < 1) return `A ${pct} validation split of ${used} training images leaves none to train on.`;
  }
  return null;
}
