/** Datasets for tests: a tiny in-memory image dataset and IDX file bytes (no tfjs). */
import type { ImageDataset } from '../data/types';

/** `count` images of `shape`, image i filled with i/count, labels cycling through `numClasses`. */
export function tinyDataset(count: number, numClasses: number, shape: [number, number, number] = [2, 2, 1]): ImageDataset {
  const size = shape[0] * shape[1] * shape[2];
  const images = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % numClasses;
    images.fill(i / count, i * size, (i + 1) * size);
  }
  return { name: 'tiny', imageShape: shape, count, images, labels, numClasses };
}

/** An IDX3 images file (magic 0x803) of `count` rows×cols images with bytes i % 256. */
export function idxImages(count: number, rows: number, cols: number): ArrayBuffer {
  const b = new Uint8Array(16 + count * rows * cols);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x803);
  v.setUint32(4, count);
  v.setUint32(8, rows);
  v.setUint32(12, cols);
  for (let i = 16; i < b.length; i++) b[i] = i % 256;
  return b.buffer;
}

/** An IDX1 labels file (magic 0x801). */
export function idxLabels(labels: number[]): ArrayBuffer {
  const b = new Uint8Array(8 + labels.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x801);
  v.setUint32(4, labels.length);
  b.set(labels, 8);
  return b.buffer;
}
