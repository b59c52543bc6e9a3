import { zlibSync } from 'fflate';

/** A tiny PNG encoder for test images: 8-bit grayscale (1 channel) or RGB (3 channels), filter 0 on every row. */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** Encodes `pixels` (height × width × channels bytes, row-major, channels-last) as a PNG file. */
export function encodePng(width: number, height: number, channels: 1 | 3, pixels: Uint8Array): Buffer {
  if (pixels.length !== width * height * channels) throw new Error(`expected ${width * height * channels} bytes, got ${pixels.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8); // bit depth, colour type, compression, filter, interlace
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

export type ShapeClass = 'bars' | 'dots';

/** Foreground colour of the RGB test images; its luma is 0.299·200 + 0.587·100 + 0.114·50 = 124.2 (of 255). */
export const INK: readonly [number, number, number] = [200, 100, 50];

/**
 * A class-distinct image: "bars" are vertical stripes 4 px wide every 8 px, "dots" a centred filled square.
 * `variant` shifts the stripes / grows the square a little so no two images of a class are identical.
 */
export function shapeImage(kind: ShapeClass, size: number, channels: 1 | 3, variant: number): Buffer {
  const px = new Uint8Array(size * size * channels);
  const half = Math.floor(size / 4) + (variant % 3);
  const c0 = Math.floor(size / 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = kind === 'bars' ? (x + variant) % 8 < 4 : Math.abs(x - c0) < half && Math.abs(y - c0) < half;
      if (!on) continue;
      for (let c = 0; c < channels; c++) px[(y * size + x) * channels + c] = channels === 1 ? 255 : INK[c];
    }
  }
  return encodePng(size, size, channels, px);
}
