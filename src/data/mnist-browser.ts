/**
 * Loads MNIST in the browser (worker or page) from the IDX files the dev server / build serves at
 * /datasets/mnist/<file>. Pure fetch + src/data/idx.ts parsing: no tfjs, no Node APIs.
 */
import { idxToDataset } from './idx';
import type { DatasetSplit } from './types';
import { errorMessage } from '../core/result';

export const MNIST_BASE_URL = '/datasets/mnist/';
export const MNIST_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;

async function download(fetchFn: FetchLike, url: string): Promise<Uint8Array> {
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await fetchFn(url);
  } catch (err) {
    throw new Error(`MNIST: could not download ${url} (${errorMessage(err)})`);
  }
  if (!res.ok) throw new Error(`MNIST: could not download ${url} (HTTP ${res.status} ${res.statusText})`);
  return new Uint8Array(await res.arrayBuffer());
}

export interface MnistBrowserOptions {
  baseUrl?: string;
  fetchFn?: FetchLike;
  /** Keep only the first `limit` training images. */
  limit?: number;
}

/** MNIST train (60,000) and test (10,000) images, 28×28×1 floats in [0, 1]. */
export async function loadMnistBrowser(opts: MnistBrowserOptions = {}): Promise<DatasetSplit> {
  const base = opts.baseUrl ?? MNIST_BASE_URL;
  const fetchFn = opts.fetchFn ?? ((url: string) => fetch(url));
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((f) =>
      download(fetchFn, base + f),
    ),
  );
  const common = { numClasses: 10, classNames: MNIST_CLASSES };
  return {
    train: idxToDataset(trainImages, trainLabels, { name: 'MNIST (train)', limit: opts.limit, ...common }),
    test: idxToDataset(testImages, testLabels, { name: 'MNIST (test)', ...common }),
  };
}
