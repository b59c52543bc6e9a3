/**
 * Batch assembly for the training loop: a seeded PRNG, seeded shuffles, and copying (optionally
 * augmented: random shift with zero fill, random horizontal flip) images into a batch buffer.
 * Pure TS (no tfjs) so it is cheap to test.
 */
import type { ImageDataset } from '../data/types';
import { seededRandom } from '../core/seeded-random';

export { seededRandom };

/** Fisher–Yates shuffle of `indices` in place. */
export function shuffleInPlace(indices: Uint32Array, rand: () => number): Uint32Array {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = indices[i];
    indices[i] = indices[j];
    indices[j] = t;
  }
  return indices;
}

export function range(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

export interface Augment {
  shiftPixels: number;
  flip: boolean;
}

/**
 * Copies images `idx` of `data` into `out` (length idx.length × H·W·C) and their labels into `labels`.
 * With augmentation each image is shifted by a random (dy, dx) in [−s, s] (zero fill) and mirrored with p = ½.
 */
export function fillBatch(
  data: ImageDataset,
  idx: ArrayLike<number>,
  out: Float32Array,
  labels: Int32Array,
  augment: Augment | undefined,
  rand: () => number,
): void {
  const [H, W, C] = data.imageShape;
  const size = H * W * C;
  const s = augment?.shiftPixels ?? 0;
  const flip = augment?.flip ?? false;
  for (let b = 0; b < idx.length; b++) {
    const src = idx[b] * size;
    const dst = b * size;
    labels[b] = data.labels[idx[b]];
    if (s === 0 && !flip) {
      out.set(data.images.subarray(src, src + size), dst);
      continue;
    }
    const dy = s > 0 ? Math.floor(rand() * (2 * s + 1)) - s : 0;
    const dx = s > 0 ? Math.floor(rand() * (2 * s + 1)) - s : 0;
    const mirror = flip && rand() < 0.5;
    for (let y = 0; y < H; y++) {
      const sy = y - dy;
      for (let x = 0; x < W; x++) {
        const o = dst + (y * W + x) * C;
        const sxShifted = x - dx;
        const sx = mirror ? W - 1 - sxShifted : sxShifted;
        if (sy < 0 || sy >= H || sx < 0 || sx >= W) {
          for (let c = 0; c < C; c++) out[o + c] = 0;
        } else {
          const i = src + (sy * W + sx) * C;
          for (let c = 0; c < C; c++) out[o + c] = data.images[i + c];
        }
      }
    }
  }
}

/** A dataset view restricted to `indices` (copies the selected images). */
export function subset(data: ImageDataset, indices: ArrayLike<number>, name: string): ImageDataset {
  const size = data.imageShape[0] * data.imageShape[1] * data.imageShape[2];
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    images.set(data.images.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
    labels[i] = data.labels[indices[i]];
  }
  return { ...data, name, count: indices.length, images, labels };
}
