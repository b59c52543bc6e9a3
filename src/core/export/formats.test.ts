/** Byte formats written by the exporter: safetensors, .npy/.npz, and the Keras → PyTorch weight layouts. */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeNpy, encodeNpz } from './npy';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { convKernelToTorch, denseKernelToTorch, depthwiseKernelToTorch } from './torch-layout';

const iota = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i);

describe('safetensors', () => {
  it('writes an 8-byte LE header length, an 8-aligned JSON header and LE data, and reads it back', () => {
    const bytes = encodeSafetensors(
      new Map([
        ['a.weight', { shape: [2, 3], data: iota(6) }],
        ['bn.num_batches_tracked', { shape: [], data: new BigInt64Array([7n]) }],
      ]),
      { format: 'pt' },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: number[] }
    >;
    expect(header['a.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['bn.num_batches_tracked']).toEqual({ dtype: 'I64', shape: [], data_offsets: [24, 32] });
    expect(bytes.byteLength).toBe(8 + n + 32);
    expect(new DataView(bytes.buffer).getFloat32(8 + n + 20, true)).toBe(5);
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ format: 'pt' });
    expect([...(back.tensors.get('a.weight')!.data as Float32Array)]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...(back.tensors.get('bn.num_batches_tracked')!.data as BigInt64Array)]).toEqual([7n]);
  });
});

describe('npy / npz', () => {
  it('writes a v1.0 header padded to 64 bytes with the shape tuple', () => {
    const npy = encodeNpy(iota(6), [2, 3]);
    expect([...npy.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const hlen = new DataView(npy.buffer).getUint16(8, true);
    expect((10 + hlen) % 64).toBe(0);
    const header = new TextDecoder().decode(npy.subarray(10, 10 + hlen));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(npy.byteLength).toBe(10 + hlen + 24);
    expect(new TextDecoder().decode(encodeNpy(iota(4), [4]).subarray(10, 70))).toContain("'shape': (4,)");
  });

  it('zips one .npy per key (keys may contain /)', () => {
    const z = unzipSync(encodeNpz(new Map([['conv/kernel', { data: iota(2), shape: [2] }]])));
    expect(Object.keys(z)).toEqual(['conv/kernel.npy']);
  });
});

describe('Keras → PyTorch weight layouts', () => {
  it('conv kernel [kh,kw,cin,cout] → [cout,cin,kh,kw]', () => {
    // each value encodes its Keras index (kh, kw, cin, cout) as digits
    const shape = [2, 3, 4, 5];
    const data = new Float32Array(120);
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 3; b++)
        for (let c = 0; c < 4; c++) for (let d = 0; d < 5; d++) data[((a * 3 + b) * 4 + c) * 5 + d] = a * 1000 + b * 100 + c * 10 + d;
    const t = convKernelToTorch(data, shape);
    expect(t.shape).toEqual([5, 4, 2, 3]);
    // torch[o=3][i=2][h=1][w=2] == keras[1][2][2][3]
    expect(t.data[((3 * 4 + 2) * 2 + 1) * 3 + 2]).toBe(1000 + 200 + 20 + 3);
  });

  it('depthwise kernel [kh,kw,cin,dm] → [cin*dm,1,kh,kw] with output channel c*dm+m', () => {
    const shape = [2, 2, 3, 2];
    const data = new Float32Array(24);
    for (let h = 0; h < 2; h++)
      for (let w = 0; w < 2; w++)
        for (let c = 0; c < 3; c++) for (let m = 0; m < 2; m++) data[((h * 2 + w) * 3 + c) * 2 + m] = h * 1000 + w * 100 + c * 10 + m;
    const t = depthwiseKernelToTorch(data, shape);
    expect(t.shape).toEqual([6, 1, 2, 2]);
    // out channel 5 = c 2, m 1; position h 1, w 0
    expect(t.data[5 * 4 + 1 * 2 + 0]).toBe(1000 + 0 + 20 + 1);
  });

  it('dense kernel [in,out] → [out,in]', () => {
    const t = denseKernelToTorch(iota(6), [2, 3]);
    expect(t.shape).toEqual([3, 2]);
    expect([...t.data]).toEqual([0, 3, 1, 4, 2, 5]);
  });
});
