import { declaredZipSizes, unzipWithinDeclared } from './bounded-unzip';
import { parseCifar10Files, isCifar10FileName } from './cifar10';
import { DatasetError, baseName, type NamedBuffer } from './dataset-errors';
import { formatBytes, imagesOverLimit, MAX_DATASET_BYTES, MAX_DATASET_LIMIT_TEXT } from './dataset-limits';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, idxMagicOf, parseIdxImages, parseIdxLabels } from './idx';
import { decodeImageFolder, groupByClass, isIgnoredEntry, type ImageDecoder } from './image-folder';
import type { DatasetSplit, ImageDataset } from './types';
import { holdOutTest, summarize } from './dataset-split';
import type { LoadedDataset } from './dataset-summary';
import { errorMessage } from '../core/result';

/** Share of a dataset held out for testing when the user gave no test files. */
export const HOLD_OUT_FRACTION = 0.2;

function errorText(err: unknown): string {
  return errorMessage(err);
}

/**
 * Replaces every .zip (by name or PK magic) with its entries; a bad archive is named. The sizes the archives
 * declare are added up and checked against MAX_DATASET_BYTES before anything is inflated, and no entry is
 * inflated past its declared size (src/data/bounded-unzip.ts).
 */
export function expandZips(files: readonly NamedBuffer[]): NamedBuffer[] {
  const out: NamedBuffer[] = [];
  let declared = 0;
  for (const f of files) {
    const bytes = new Uint8Array(f.data);
    const isZip = /\.zip$/i.test(f.name) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4);
    if (!isZip) {
      out.push(f);
      continue;
    }
    let entries: Record<string, Uint8Array>;
    let sizes: Map<string, number>;
    try {
      sizes = declaredZipSizes(bytes);
    } catch (err) {
      throw new DatasetError(f.name, `is not a readable zip archive (${errorText(err)})`);
    }
    for (const size of sizes.values()) declared += size;
    if (declared > MAX_DATASET_BYTES) {
      throw new DatasetError(
        f.name,
        `the zip archive${files.length > 1 ? 's' : ''} would unpack to ${formatBytes(declared)}, more than the ${MAX_DATASET_LIMIT_TEXT} limit for a dataset`,
      );
    }
    try {
      entries = unzipWithinDeclared(bytes, sizes);
    } catch (err) {
      throw new DatasetError(f.name, `is not a readable zip archive (${errorText(err)})`);
    }
    for (const [name, data] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      out.push({ name, data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer });
    }
    if (Object.keys(entries).length === 0) throw new DatasetError(f.name, 'the zip archive is empty');
  }
  return out;
}

/**
 * IDX magic of a (possibly gzipped) file, or null when it is not IDX. Only the first bytes of a .gz are
 * inflated; a .gz that does not inflate is reported (DatasetError "truncated or corrupt gzip data").
 */
export function idxKind(f: NamedBuffer): 'images' | 'labels' | null {
  const bytes = new Uint8Array(f.data);
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gz && /\.(png|jpe?g|gif|bmp|webp)$/i.test(f.name)) return null;
  let magic: number | null;
  try {
    magic = idxMagicOf(bytes, f.name);
  } catch (err) {
    throw new DatasetError(f.name, errorText(err).replace(`${f.name}: `, ''));
  }
  return magic === IDX_IMAGES_MAGIC ? 'images' : magic === IDX_LABELS_MAGIC ? 'labels' : null;
}

function isTestName(name: string): boolean {
  return /t10k|test/i.test(baseName(name));
}

function idxPair(images: NamedBuffer, labels: NamedBuffer, name: string): ImageDataset {
  const imgs = parseIdxImages(new Uint8Array(images.data), images.name);
  const labs = parseIdxLabels(new Uint8Array(labels.data), labels.name);
  if (imgs.count !== labs.length) {
    throw new DatasetError(images.name, `has ${imgs.count} images but ${labels.name} has ${labs.length} labels; the counts must match`);
  }
  const size = imgs.rows * imgs.cols;
  const tooLarge = imagesOverLimit(imgs.count, [imgs.rows, imgs.cols, 1]);
  if (tooLarge) throw new DatasetError(images.name, tooLarge);
  const data = new Float32Array(imgs.count * size);
  for (let i = 0; i < data.length; i++) data[i] = imgs.pixels[i] / 255;
  const numClasses = labs.reduce((m, l) => Math.max(m, l + 1), 0);
  return { name, imageShape: [imgs.rows, imgs.cols, 1], count: imgs.count, images: data, labels: labs, numClasses };
}

/** Pairs IDX image/label files (train and optional test, told apart by "test"/"t10k" in the name). */
export function loadIdxFiles(files: readonly NamedBuffer[], label: string): { split: DatasetSplit; testSource: string } {
  const roles = new Map<string, NamedBuffer>();
  for (const f of files) {
    const kind = idxKind(f);
    if (!kind) throw new DatasetError(f.name, 'is not an IDX file (wrong magic number; expected 0x00000803 for images or 0x00000801 for labels)');
    const key = `${isTestName(f.name) ? 'test' : 'train'}-${kind}`;
    const other = roles.get(key);
    if (other) throw new DatasetError(f.name, `and ${other.name} are both ${key.replace('-', ' ')} files; give one of each`);
    roles.set(key, f);
  }
  const trainImages = roles.get('train-images');
  const trainLabels = roles.get('train-labels');
  if (!trainImages || !trainLabels) {
    const have = files.map((f) => f.name).join(', ');
    throw new DatasetError(
      have,
      `need a training image file (idx3) and a training label file (idx1)${trainImages ? '; the label file is missing' : trainLabels ? '; the image file is missing' : ''}`,
    );
  }
  let train = idxPair(trainImages, trainLabels, label);
  let test: ImageDataset | null = null;
  const testImages = roles.get('test-images');
  const testLabels = roles.get('test-labels');
  if (testImages && testLabels) test = idxPair(testImages, testLabels, `${label} (test)`);
  else if (testImages || testLabels) throw new DatasetError((testImages ?? testLabels)!.name, 'has no matching test image/label file');
  const numClasses = Math.max(train.numClasses, test?.numClasses ?? 0);
  if (new Set(train.labels).size < 2) {
    throw new DatasetError(trainLabels.name, `every label is ${train.labels[0] ?? 0}; a classifier needs at least two classes`);
  }
  train = { ...train, numClasses };
  if (test) {
    if (test.imageShape.join() !== train.imageShape.join()) {
      throw new DatasetError(testImages!.name, `images are ${test.imageShape.join('×')} but training images are ${train.imageShape.join('×')}`);
    }
    return { split: { train, test: { ...test, numClasses } }, testSource: baseName(testImages!.name) };
  }
  return { split: holdOutTest(train, HOLD_OUT_FRACTION), testSource: `${HOLD_OUT_FRACTION * 100}% held out` };
}

/** Detects the format of user files (zip, CIFAR-10, IDX, image folder) and loads train/test splits. */
export async function loadUserFiles(
  input: readonly NamedBuffer[],
  label: string,
  imageShape: readonly [number, number, number],
  decode: ImageDecoder,
): Promise<LoadedDataset> {
  const files = expandZips(input).filter((f) => !isIgnoredEntry(f.name));
  if (files.length === 0) throw new DatasetError(label, 'contains no data files');
  if (files.some((f) => isCifar10FileName(f.name))) {
    const { train, test } = parseCifar10Files(files);
    const split = test ? { train, test } : holdOutTest(train, HOLD_OUT_FRACTION);
    return { split, summary: summarize('CIFAR-10', split, test ? 'test_batch.bin' : `${HOLD_OUT_FRACTION * 100}% held out`, false) };
  }
  const idx = files.filter((f) => idxKind(f) !== null || /idx\d|ubyte/i.test(baseName(f.name)));
  if (idx.length > 0) {
    const { split, testSource } = loadIdxFiles(files, label);
    return { split, summary: summarize(label, split, testSource, false) };
  }
  if (files.every((f) => !f.name.includes('/'))) {
    throw new DatasetError(
      files[0].name,
      'is not a dataset file we can read (expected IDX, IDX.gz, CIFAR-10 .bin batches, a zip, or a folder with one sub-folder per class)',
    );
  }
  const channels = imageShape[2] === 1 || imageShape[2] === 3 ? imageShape[2] : 3;
  const groups = groupByClass(files);
  const all = await decodeImageFolder(groups, [imageShape[0], imageShape[1], channels], decode, label);
  const split = holdOutTest(all, HOLD_OUT_FRACTION);
  return { split, summary: summarize(label, split, `${HOLD_OUT_FRACTION * 100}% held out`, true) };
}
