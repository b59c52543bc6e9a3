/**
 * An in-memory image-classification dataset, channels-last float32 in [0, 1].
 * Shared by the Node CLI, the training worker and the dataset panel.
 */
export interface ImageDataset {
  /** Human-readable name, e.g. "MNIST (train)". */
  name: string;
  /** [height, width, channels] of one image. */
  imageShape: readonly [number, number, number];
  /** Number of examples. */
  count: number;
  /** count × H × W × C values in [0, 1]. */
  images: Float32Array;
  /** count class indices in [0, numClasses). */
  labels: Uint8Array;
  numClasses: number;
  /** Optional class names (index → name), e.g. folder names. */
  classNames?: readonly string[];
}

export interface DatasetSplit {
  train: ImageDataset;
  test: ImageDataset;
}
