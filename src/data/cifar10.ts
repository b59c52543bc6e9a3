import type { ImageDataset } from './types';
import { DatasetError, baseName, type NamedBuffer } from './dataset-errors';
import { imagesOverLimit } from './dataset-limits';

/**
 * CIFAR-10 binary version: each record is 1 label byte followed by 3072 pixel bytes
 * (1024 red, 1024 green, 1024 blue; each plane row-major 32×32). Converted to HWC float32 in [0, 1].
 */
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

export const CIFAR10_TRAIN_FILE = /^data_batch_\d+\.bin$/;
export const CIFAR10_TEST_FILE = /^test_batch\.bin$/;

export function isCifar10FileName(name: string): boolean {
  const b = baseName(name);
  return CIFAR10_TRAIN_FILE.test(b) || CIFAR10_TEST_FILE.test(b);
}

interface RawBatch {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

/** Parses one CIFAR-10 binary batch; `limit` keeps only the first records. */
export function parseCifar10Batch(file: string, bytes: Uint8Array, limit = Infinity): RawBatch {
  if (bytes.length === 0) throw new DatasetError(file, 'the file is empty');
  if (bytes.length % RECORD !== 0) {
    throw new DatasetError(
      file,
      `truncated or not a CIFAR-10 binary batch: ${bytes.length} bytes is not a multiple of the ${RECORD}-byte record (1 label + 3072 pixels)`,
    );
  }
  const count = Math.min(bytes.length / RECORD, limit);
  const images = new Float32Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const base = r * RECORD;
    const label = bytes[base];
    if (label >= CIFAR10_CLASSES.length) {
      throw new DatasetError(file, `record ${r} has label ${label}; CIFAR-10 labels are 0–9`);
    }
    labels[r] = label;
    const out = r * 3 * PLANE;
    for (let p = 0; p < PLANE; p++) {
      for (let c = 0; c < 3; c++) images[out + p * 3 + c] = bytes[base + 1 + c * PLANE + p] / 255;
    }
  }
  return { images, labels, count };
}

function concat(name: string, batches: RawBatch[]): ImageDataset {
  const count = batches.reduce((n, b) => n + b.count, 0);
  const images = new Float32Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const b of batches) {
    images.set(b.images, at * 3 * PLANE);
    labels.set(b.labels, at);
    at += b.count;
  }
  return {
    name,
    imageShape: [SIDE, SIDE, 3],
    count,
    images,
    labels,
    numClasses: CIFAR10_CLASSES.length,
    classNames: CIFAR10_CLASSES,
  };
}

/**
 * Builds train/test splits from data_batch_*.bin and test_batch.bin files (other files are ignored).
 * Without test_batch.bin, nothing is held out here (the caller decides).
 */
export function parseCifar10Files(files: readonly NamedBuffer[], limit = Infinity): { train: ImageDataset; test: ImageDataset | null } {
  const trainFiles = files.filter((f) => CIFAR10_TRAIN_FILE.test(baseName(f.name))).sort((a, b) => a.name.localeCompare(b.name));
  const testFile = files.find((f) => CIFAR10_TEST_FILE.test(baseName(f.name)));
  if (trainFiles.length === 0) {
    throw new DatasetError(testFile?.name ?? 'CIFAR-10', 'no training batch found: add data_batch_1.bin … data_batch_5.bin');
  }
  const records = [...trainFiles, ...(testFile ? [testFile] : [])].reduce((n, f) => n + Math.floor(f.data.byteLength / RECORD), 0);
  const tooLarge = imagesOverLimit(Math.min(records, limit), [SIDE, SIDE, 3]);
  if (tooLarge) throw new DatasetError(trainFiles[0].name, tooLarge);
  const batches: RawBatch[] = [];
  let left = limit;
  for (const f of trainFiles) {
    if (left <= 0) break;
    const b = parseCifar10Batch(f.name, new Uint8Array(f.data), left);
    batches.push(b);
    left -= b.count;
  }
  const train = concat('CIFAR-10 (train)', batches);
  const test = testFile ? concat('CIFAR-10 (test)', [parseCifar10Batch(testFile.name, new Uint8Array(testFile.data))]) : null;
  return { train, test };
}
