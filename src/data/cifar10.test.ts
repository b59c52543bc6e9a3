import { describe, expect, it } from 'vitest';
import { parseCifar10Batch, parseCifar10Files, isCifar10FileName } from './cifar10';

/** Builds CIFAR records: record r has label labels[r] and pixel (c, p) = (r + c * 10 + p) % 256. */
function batch(labels: number[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((l, r) => {
    out[r * 3073] = l;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[r * 3073 + 1 + c * 1024 + p] = (r + c * 10 + p) % 256;
  });
  return out;
}

describe('CIFAR-10 binary batches', () => {
  it('converts CHW planes to HWC floats', () => {
    const b = parseCifar10Batch('data_batch_1.bin', batch([3, 7]));
    expect(b.count).toBe(2);
    expect([...b.labels]).toEqual([3, 7]);
    expect(b.images.length).toBe(2 * 3072);
    // record 1, pixel 5: R = (1+5)%256, G = (1+10+5), B = (1+20+5)
    const at = 3072 + 5 * 3;
    expect(b.images[at] * 255).toBeCloseTo(6);
    expect(b.images[at + 1] * 255).toBeCloseTo(16);
    expect(b.images[at + 2] * 255).toBeCloseTo(26);
  });

  it('rejects truncated files and bad labels, naming the file', () => {
    expect(() => parseCifar10Batch('data_batch_2.bin', batch([1]).slice(0, 3000))).toThrow(
      'data_batch_2.bin: truncated or not a CIFAR-10 binary batch: 3000 bytes',
    );
    const bad = batch([1, 12]);
    expect(() => parseCifar10Batch('test_batch.bin', bad)).toThrow('test_batch.bin: record 1 has label 12');
    expect(() => parseCifar10Batch('x.bin', new Uint8Array(0))).toThrow('x.bin: the file is empty');
  });

  it('joins training batches in order, keeps the test batch apart, honours the limit', () => {
    const files = [
      { name: 'cifar/data_batch_2.bin', data: batch([2, 2]).buffer },
      { name: 'cifar/data_batch_1.bin', data: batch([1, 1, 1]).buffer },
      { name: 'cifar/test_batch.bin', data: batch([9]).buffer },
      { name: 'cifar/batches.meta.txt', data: new ArrayBuffer(4) },
    ];
    const { train, test } = parseCifar10Files(files);
    expect(train.count).toBe(5);
    expect([...train.labels]).toEqual([1, 1, 1, 2, 2]);
    expect(train.imageShape).toEqual([32, 32, 3]);
    expect(train.classNames?.[3]).toBe('cat');
    expect(test?.count).toBe(1);
    expect(parseCifar10Files(files, 4).train.count).toBe(4);
    expect(isCifar10FileName('a/data_batch_5.bin')).toBe(true);
    expect(isCifar10FileName('batches.meta.txt')).toBe(false);
    expect(() => parseCifar10Files([files[2]])).toThrow('no training batch found');
  });
});
