import type { DatasetSplit } from './types';

/** One thumbnail of the dataset panel. */
export interface DatasetSample {
  label: number;
  /** H × W × C float32 in [0, 1]. */
  pixels: Float32Array;
}

/** What the dataset panel shows. */
export interface DatasetSummary {
  name: string;
  imageShape: [number, number, number];
  numClasses: number;
  classNames: string[];
  trainCount: number;
  testCount: number;
  /** Training images per class. */
  classCounts: number[];
  /** A few thumbnails per class. */
  samples: DatasetSample[];
  /** True when the images were resized to the Input block (image folders). */
  resizable: boolean;
  /** How the test set was obtained, e.g. "test_batch.bin" or "20% held out". */
  testSource: string;
}

/** A parsed dataset: its train/test split and what the panel shows of it. */
export interface LoadedDataset {
  split: DatasetSplit;
  summary: DatasetSummary;
}
