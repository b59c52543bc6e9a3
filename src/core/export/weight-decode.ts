import { ExportInputError } from './errors';

/** Decoding of one tfjs weights-manifest entry (float32, or uint8/uint16/float16 quantized) into a Float32Array. */

export interface WeightSpecEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes this entry occupies in the weights file. */
export function entryByteLength(spec: WeightSpecEntry): number {
  const stored = spec.quantization ? spec.quantization.dtype : spec.dtype;
  const per = BYTES[stored];
  if (per === undefined) throw new ExportInputError(`weight '${spec.name}' has unsupported dtype '${stored}'`);
  return per * elementCount(spec.shape);
}

function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** `bytes` must be exactly entryByteLength(spec) long. Data is little-endian, as tfjs writes it. */
export function decodeWeightEntry(spec: WeightSpecEntry, bytes: Uint8Array): Float32Array {
  if (spec.dtype !== 'float32') {
    throw new ExportInputError(`weight '${spec.name}' has dtype '${spec.dtype}'; only float32 weights can be exported`);
  }
  const n = elementCount(spec.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(n);
  const q = spec.quantization;
  if (!q && LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
  } else if (!q) {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = float16ToFloat32(view.getUint16(i * 2, true));
  } else {
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    for (let i = 0; i < n; i++) {
      const v = q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(i * 2, true);
      out[i] = v * scale + min;
    }
  }
  return out;
}

/** Little-endian float32 bytes of `data` (independent of the platform's byte order; a view on LE platforms). */
export function float32ToLeBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}
