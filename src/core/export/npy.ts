/** NumPy .npy (format 1.0, little-endian float32) and .npz (zip of .npy, stored) writers. */
import { zipSync } from 'fflate';
import { float32ToLeBytes } from './weight-decode';

export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  // magic(6) + version(2) + header length(2) + header, padded with spaces and ending in \n to a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(head.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) head[10 + i] = header.charCodeAt(i);
  const body = float32ToLeBytes(data);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** `np.load(path)[key]` returns each array; keys may contain '/'. */
export function encodeNpz(arrays: ReadonlyMap<string, { data: Float32Array; shape: readonly number[] }>): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [key, a] of arrays) entries[`${key}.npy`] = [encodeNpy(a.data, a.shape), { level: 0 }];
  return zipSync(entries);
}
