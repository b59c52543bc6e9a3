/**
 * safetensors writer/reader: 8-byte little-endian header length, JSON header
 * ({name: {dtype, shape, data_offsets}} + optional __metadata__), then the raw little-endian tensor bytes.
 */
import { float32ToLeBytes } from './weight-decode';

export interface SafeTensor {
  shape: number[];
  /** float32 tensors or int64 (stored as BigInt64Array). */
  data: Float32Array | BigInt64Array;
}

function tensorBytes(t: SafeTensor): Uint8Array {
  if (t.data instanceof Float32Array) return float32ToLeBytes(t.data);
  const out = new Uint8Array(t.data.length * 8);
  const view = new DataView(out.buffer);
  t.data.forEach((v, i) => view.setBigInt64(i * 8, v, true));
  return out;
}

export function encodeSafetensors(tensors: ReadonlyMap<string, SafeTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor '${name}' has ${t.data.length} values but shape [${t.shape.join(', ')}]`);
    const bytes = tensorBytes(t);
    header[name] = { dtype: t.data instanceof Float32Array ? 'F32' : 'I64', shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    blobs.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const b of blobs) {
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array): { tensors: Map<string, SafeTensor>; metadata: Record<string, string> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  const base = 8 + n;
  const tensors = new Map<string, SafeTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = info as Record<string, string>;
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: [start, end],
    } = info as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const count = (end - start) / (dtype === 'F32' ? 4 : 8);
    if (dtype === 'F32') {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(base + start + i * 4, true);
      tensors.set(name, { shape, data });
    } else if (dtype === 'I64') {
      const data = new BigInt64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getBigInt64(base + start + i * 8, true);
      tensors.set(name, { shape, data });
    } else {
      throw new Error(`safetensors dtype '${dtype}' of '${name}' is not supported`);
    }
  }
  return { tensors, metadata };
}
