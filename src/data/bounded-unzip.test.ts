import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { declaredZipSizes, unzipWithinDeclared, ZipError } from './bounded-unzip';

/** The zip with every central-directory entry's uncompressed size set to `claimed`. */
function withDeclaredSize(zip: Uint8Array, claimed: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = out.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, claimed, true);
  return out;
}

describe('bounded unzip', () => {
  const files = { 'a/x.bin': new Uint8Array(5000).fill(7), 'a/y.txt': new TextEncoder().encode('hello'), 'empty/': new Uint8Array(0) };
  const zip = zipSync(files);

  it('reads declared sizes without inflating, and every entry exactly', () => {
    const sizes = declaredZipSizes(zip);
    expect([...sizes]).toEqual([
      ['a/x.bin', 5000],
      ['a/y.txt', 5],
      ['empty/', 0],
    ]);
    const out = unzipWithinDeclared(zip, sizes);
    expect(Object.keys(out)).toEqual(['a/x.bin', 'a/y.txt', 'empty/']);
    expect(out['a/x.bin'].every((b) => b === 7)).toBe(true);
    expect(new TextDecoder().decode(out['a/y.txt'])).toBe('hello');
  });

  it('stops an entry that inflates past the size its directory declares', () => {
    const lying = withDeclaredSize(zipSync({ 'big.bin': new Uint8Array(4_000_000) }), 100);
    const started = performance.now();
    expect(() => unzipWithinDeclared(lying, declaredZipSizes(lying))).toThrow(
      new ZipError('entry big.bin inflates to more than the 100 bytes the archive declares for it'),
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('names a cut archive', () => {
    const sizes = declaredZipSizes(zip);
    expect(() => unzipWithinDeclared(zip.subarray(0, 60), sizes)).toThrow(ZipError);
  });
});
