import type { ImageDataset } from './types';
import { DatasetError, baseName, type NamedBuffer } from './dataset-errors';
import { imagesOverLimit } from './dataset-limits';
import { errorMessage } from '../core/result';

/**
 * Image-folder datasets: one sub-folder per class ("cats/001.png", "dogs/7.jpg"), from a folder picked with
 * `<input webkitdirectory>` or from a zip. Grouping, validation and pixel conversion are pure; decoding is
 * injected (createImageBitmap + OffscreenCanvas in the browser, a fake in Node tests).
 */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'] as const;

export interface ClassGroup {
  name: string;
  files: NamedBuffer[];
}

/** Entries that are not data: macOS metadata, hidden files, folders. */
export function isIgnoredEntry(path: string): boolean {
  if (path.endsWith('/')) return true;
  const parts = path.split('/');
  return parts.some((p) => p.startsWith('.') || p === '__MACOSX') || /^(thumbs\.db|desktop\.ini)$/i.test(baseName(path));
}

function extensionOf(path: string): string {
  const b = baseName(path);
  const dot = b.lastIndexOf('.');
  return dot < 0 ? '' : b.slice(dot + 1).toLowerCase();
}

/**
 * Groups files by the folder directly containing them. Any common leading folder (the picked folder
 * itself, or a zip's top folder) is dropped. Files that are not images and sit above the class folders
 * (README.md, LICENSE, labels.csv next to them) are ignored, as Keras' flow_from_directory does. Errors name
 * the file: images outside a class folder, non-images inside one, fewer than two classes.
 */
export function groupByClass(entries: readonly NamedBuffer[]): ClassGroup[] {
  const files = entries.filter((e) => !isIgnoredEntry(e.name));
  const isImage = (f: NamedBuffer) => (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(f.name));
  const images = files.filter(isImage);
  if (images.length === 0) throw new DatasetError('image folder', 'no image files found');
  const partsOf = (f: NamedBuffer) => f.name.split('/').filter((p) => p.length > 0);
  const imageParts = images.map(partsOf);
  // Drop leading folders shared by every image, as long as each image keeps a class folder.
  let skip = 0;
  while (imageParts.every((p) => p.length > skip + 2) && imageParts.every((p) => p[skip] === imageParts[0][skip])) skip++;
  const prefix = imageParts[0].slice(0, skip).join('/');
  const groups = new Map<string, NamedBuffer[]>();
  for (const f of files) {
    const all = partsOf(f);
    const insideRoot = skip === 0 || all.slice(0, skip).join('/') === prefix;
    const parts = insideRoot ? all.slice(skip) : all;
    if (!isImage(f)) {
      if (!insideRoot || parts.length < 2) continue; // notes and metadata next to the class folders
      throw new DatasetError(f.name, `is not an image (expected ${IMAGE_EXTENSIONS.join(', ')})`);
    }
    if (parts.length < 2) {
      throw new DatasetError(f.name, 'is not inside a class folder; put images in one sub-folder per class (e.g. cats/001.png)');
    }
    if (parts.length > 2) {
      throw new DatasetError(f.name, `is nested ${parts.length - 1} folders deep; use exactly one sub-folder per class`);
    }
    const cls = parts[0];
    const list = groups.get(cls) ?? [];
    list.push(f);
    groups.set(cls, list);
  }
  const result = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => ({ name, files: list.sort((a, b) => a.name.localeCompare(b.name)) }));
  if (result.length < 2) {
    throw new DatasetError(result[0].name, `is the only class folder; a classifier needs at least two classes (one sub-folder each)`);
  }
  return result;
}

/**
 * Converts RGBA bytes (as from getImageData, not premultiplied) to float32 HWC with 1 (luma) or 3 channels.
 * Transparent pixels are composited on white, as a browser shows the image: black glyphs on a transparent
 * background stay visible instead of turning into an all-black image.
 */
export function rgbaToChannels(rgba: Uint8ClampedArray | Uint8Array, pixels: number, channels: number, out: Float32Array, offset: number): void {
  if (channels !== 1 && channels !== 3) throw new Error(`images can be decoded to 1 or 3 channels, not ${channels}`);
  for (let p = 0; p < pixels; p++) {
    const a = rgba[p * 4 + 3] / 255;
    const white = 1 - a;
    const r = (rgba[p * 4] / 255) * a + white;
    const g = (rgba[p * 4 + 1] / 255) * a + white;
    const b = (rgba[p * 4 + 2] / 255) * a + white;
    if (channels === 1) out[offset + p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      out[offset + p * 3] = r;
      out[offset + p * 3 + 1] = g;
      out[offset + p * 3 + 2] = b;
    }
  }
}

/** Decodes one image file to RGBA bytes resized to width × height; throws when the bytes are not an image. */
export type ImageDecoder = (file: NamedBuffer, height: number, width: number) => Promise<Uint8ClampedArray>;

/** Decodes every image of every class to an ImageDataset of the given [H, W, C]. */
export async function decodeImageFolder(
  groups: readonly ClassGroup[],
  imageShape: readonly [number, number, number],
  decode: ImageDecoder,
  name = 'Image folder',
): Promise<ImageDataset> {
  const [h, w, c] = imageShape;
  if (groups.length > 255) throw new DatasetError(name, `has ${groups.length} classes; at most 255 are supported`);
  const count = groups.reduce((n, g) => n + g.files.length, 0);
  const size = h * w * c;
  const tooLarge = imagesOverLimit(count, imageShape);
  if (tooLarge) throw new DatasetError(name, tooLarge);
  const images = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  let i = 0;
  for (let label = 0; label < groups.length; label++) {
    for (const file of groups[label].files) {
      let rgba: Uint8ClampedArray;
      try {
        rgba = await decode(file, h, w);
      } catch (err) {
        throw new DatasetError(file.name, `could not be decoded as an image (${errorMessage(err)})`);
      }
      rgbaToChannels(rgba, h * w, c, images, i * size);
      labels[i++] = label;
    }
  }
  return { name, imageShape: [h, w, c], count, images, labels, numClasses: groups.length, classNames: groups.map((g) => g.name) };
}

/** Browser decoder: createImageBitmap + OffscreenCanvas (works on the main thread and in workers). */
export const browserImageDecoder: ImageDecoder = async (file, height, width) => {
  const bitmap = await createImageBitmap(new Blob([file.data]));
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2d canvas unavailable');
    ctx.drawImage(bitmap, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height).data;
  } finally {
    bitmap.close();
  }
};
