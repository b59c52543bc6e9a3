/**
 * Size limits for user datasets, checked from what headers and archives declare, before anything is inflated
 * or allocated (a 1 MB .gz can claim gigabytes).
 */
export const MAX_DATASET_BYTES = 2 ** 30;
export const MAX_DATASET_LIMIT_TEXT = '1 GiB';

/** "1.07 GB" style size for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toPrecision(3)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toPrecision(3)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toPrecision(3)} kB`;
  return `${bytes} bytes`;
}

/**
 * Null when `images` images of `pixelsPerImage` values fit the limit as float32 (what training holds),
 * else the reason, e.g. "60000000 images of 28×28×1 need 188 GB as float32, more than the 1 GiB limit".
 */
export function imagesOverLimit(images: number, shape: readonly number[]): string | null {
  const bytes = images * shape.reduce((a, b) => a * b, 1) * 4;
  if (bytes <= MAX_DATASET_BYTES) return null;
  return `${images} images of ${shape.join('×')} need ${formatBytes(bytes)} as float32, more than the ${MAX_DATASET_LIMIT_TEXT} limit for a dataset`;
}
