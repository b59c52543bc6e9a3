/**
 * IDX file parsing (the MNIST / Fashion-MNIST format): big-endian header, magic 0x00000801 for uint8
 * label vectors and 0x00000803 for uint8 image stacks [count, rows, cols]. Gzipped files (.gz, detected by
 * their 1f 8b header) are inflated once, streaming, only as far as the header's size (which is checked against
 * MAX_DATASET_BYTES first). Pure TS: works in Node, browser and worker.
 */
import { BoundedInflater, InflateError, isGzip } from '../core/io/bounded-inflate';
import { formatBytes, imagesOverLimit, MAX_DATASET_BYTES, MAX_DATASET_LIMIT_TEXT } from './dataset-limits';
import type { ImageDataset } from './types';
import { errorMessage } from '../core/result';

export const IDX_LABELS_MAGIC = 0x00000801;
export const IDX_IMAGES_MAGIC = 0x00000803;

export class IdxError extends Error {
  override name = 'IdxError';
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}

/** The bytes of an IDX file, gzipped or not; `read(n)` returns at least n bytes when the file has them. */
interface IdxSource {
  read(n: number): Uint8Array;
}

function gzipProblem(what: string, e: unknown): IdxError {
  const detail = errorMessage(e);
  return new IdxError(`${what}: truncated or corrupt gzip data (${detail})`);
}

function openIdx(data: Uint8Array, what: string): IdxSource {
  if (!isGzip(data)) return { read: () => data };
  const inflater = new BoundedInflater(data, 'gzip');
  return {
    read(n) {
      try {
        return inflater.fill(n);
      } catch (e) {
        throw e instanceof InflateError ? gzipProblem(what, e) : e;
      }
    },
  };
}

/** The first 4 bytes of a (possibly gzipped) file as a big-endian number, or null when it is shorter. */
export function idxMagicOf(data: Uint8Array, what: string): number | null {
  const head = openIdx(data, what).read(4);
  return head.length < 4 ? null : new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false);
}

function header(bytes: Uint8Array, what: string, expectedMagic: number, dims: number): number[] {
  if (bytes.length < 4) throw new IdxError(`${what}: truncated file (${bytes.length} bytes, not even an IDX magic number)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    const kind = expectedMagic === IDX_LABELS_MAGIC ? 'a label file' : 'an image file';
    const hint = magic === IDX_LABELS_MAGIC ? ' (that is a label file)' : magic === IDX_IMAGES_MAGIC ? ' (that is an image file)' : '';
    throw new IdxError(`${what}: wrong magic number ${hex(magic)}${hint}; expected ${hex(expectedMagic)} for ${kind}`);
  }
  const need = 4 + 4 * dims;
  if (bytes.length < need) {
    throw new IdxError(`${what}: truncated file (${bytes.length} bytes, the IDX header alone needs ${need})`);
  }
  const out: number[] = [];
  for (let i = 0; i < dims; i++) out.push(view.getUint32(4 + 4 * i, false));
  return out;
}

/** Refuses a file whose header declares more than MAX_DATASET_BYTES, before reading (or inflating) its body. */
function checkDeclaredSize(what: string, bytes: number, described: string): void {
  if (bytes > MAX_DATASET_BYTES) {
    throw new IdxError(`${what}: header says ${described} = ${formatBytes(bytes)}, more than the ${MAX_DATASET_LIMIT_TEXT} limit for a dataset file`);
  }
}

/** Parses an IDX label file into class indices. */
export function parseIdxLabels(data: Uint8Array, what = 'label file'): Uint8Array {
  const source = openIdx(data, what);
  const [count] = header(source.read(8), what, IDX_LABELS_MAGIC, 1);
  const expected = 8 + count;
  checkDeclaredSize(what, expected, `${count} labels`);
  const bytes = source.read(expected);
  if (bytes.length < expected) {
    throw new IdxError(`${what}: truncated file (header says ${count} labels = ${expected} bytes, got ${bytes.length})`);
  }
  return bytes.slice(8, expected);
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count·rows·cols raw bytes (0..255). */
  pixels: Uint8Array;
}

/** Parses an IDX image file (uint8 [count, rows, cols]). */
export function parseIdxImages(data: Uint8Array, what = 'image file'): IdxImages {
  const source = openIdx(data, what);
  const [count, rows, cols] = header(source.read(16), what, IDX_IMAGES_MAGIC, 3);
  if (rows === 0 || cols === 0) throw new IdxError(`${what}: image size ${rows}×${cols} is empty`);
  const expected = 16 + count * rows * cols;
  checkDeclaredSize(what, expected, `${count} images of ${rows}×${cols}`);
  const bytes = source.read(expected);
  if (bytes.length < expected) {
    throw new IdxError(`${what}: truncated file (header says ${count} images of ${rows}×${cols} = ${expected} bytes, got ${bytes.length})`);
  }
  return { count, rows, cols, pixels: bytes.subarray(16, expected) };
}

export interface IdxDatasetOptions {
  name: string;
  /** Keep only the first `limit` examples. */
  limit?: number;
  numClasses?: number;
  classNames?: readonly string[];
}

/** Builds an ImageDataset (pixels scaled to [0, 1], shape [rows, cols, 1]) from an image and a label file. */
export function idxToDataset(imagesData: Uint8Array, labelsData: Uint8Array, opts: IdxDatasetOptions): ImageDataset {
  const imgs = parseIdxImages(imagesData, `${opts.name} images`);
  const labels = parseIdxLabels(labelsData, `${opts.name} labels`);
  if (imgs.count !== labels.length) {
    throw new IdxError(`${opts.name}: count mismatch, ${imgs.count} images but ${labels.length} labels`);
  }
  if (opts.limit != null && (!Number.isInteger(opts.limit) || opts.limit < 1)) {
    throw new IdxError(`${opts.name}: limit must be a positive integer, got ${opts.limit}`);
  }
  const count = Math.min(imgs.count, opts.limit ?? imgs.count);
  const pix = imgs.rows * imgs.cols;
  const tooLarge = imagesOverLimit(count, [imgs.rows, imgs.cols, 1]);
  if (tooLarge) throw new IdxError(`${opts.name}: ${tooLarge}`);
  const images = new Float32Array(count * pix);
  for (let i = 0; i < count * pix; i++) images[i] = imgs.pixels[i] / 255;
  const used = labels.slice(0, count);
  let maxLabel = 0;
  for (const l of used) maxLabel = Math.max(maxLabel, l);
  const numClasses = opts.numClasses ?? Math.max(10, maxLabel + 1);
  if (maxLabel >= numClasses) {
    throw new IdxError(`${opts.name}: label ${maxLabel} is out of range for ${numClasses} classes`);
  }
  return {
    name: opts.name,
    imageShape: [imgs.rows, imgs.cols, 1],
    count,
    images,
    labels: used,
    numClasses,
    ...(opts.classNames ? { classNames: opts.classNames } : {}),
  };
}
