import { deflateSync, gzipSync, inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BoundedInflater, InflateError, inflateAtMost } from './bounded-inflate';
import { gzipWrap, zeroBombSize, zeroDeflateBomb } from './test-bombs';

const text = new TextEncoder().encode('Sora '.repeat(50_000));
const asText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function problemOf(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof InflateError ? e.problem : `other: ${String(e)}`;
  }
}

describe('test bombs', () => {
  it('the hand-built deflate block inflates to the zeros it promises', () => {
    const out = inflateSync(zeroDeflateBomb(1_000_000));
    expect(out.length).toBe(zeroBombSize(1_000_000));
    expect(out.every((b) => b === 0)).toBe(true);
  });
});

describe('bounded inflate', () => {
  it('inflates deflate and gzip data exactly, including concatenated gzip members', () => {
    expect(asText(inflateAtMost(deflateSync(text), 'deflate', 1e6)) === asText(text)).toBe(true);
    expect(asText(inflateAtMost(gzipSync(text), 'gzip', 1e6)) === asText(text)).toBe(true);
    const a = gzipSync(text.subarray(0, 10));
    const b = gzipSync(text.subarray(10, 30));
    const two = new Uint8Array(a.length + b.length);
    two.set(a);
    two.set(b, a.length);
    expect(asText(inflateAtMost(two, 'gzip', 1e6))).toBe(asText(text.subarray(0, 30)));
  });

  it('stops a bomb at the cap: a 30 MB bomb produces only a few MB before it is refused', () => {
    const bomb = zeroDeflateBomb(30_000_000);
    const inflater = new BoundedInflater(bomb, 'deflate');
    inflater.fill(2_000_001, 0);
    expect(inflater.size).toBeGreaterThan(2_000_000);
    expect(inflater.size).toBeLessThan(8_000_000);
    expect(inflater.ended).toBe(false);
    expect(problemOf(() => inflateAtMost(bomb, 'deflate', 2_000_000))).toBe('too-large');
  });

  it('fill(n) inflates only as far as asked', () => {
    const inflater = new BoundedInflater(gzipWrap(zeroDeflateBomb(30_000_000), zeroBombSize(30_000_000)), 'gzip');
    expect(inflater.fill(16).length).toBeGreaterThanOrEqual(16);
    expect(inflater.size).toBeLessThan(8_000_000);
  });

  it('never trusts the size a gzip trailer claims: 4 GB claimed, nothing that large allocated, mismatch reported', () => {
    const lying = gzipWrap(zeroDeflateBomb(1000), 2 ** 32 - 1);
    expect(problemOf(() => inflateAtMost(lying, 'gzip', 1e9))).toBe('truncated-or-corrupt');
  });

  it('reports cut and damaged data as truncated-or-corrupt, whatever the cut', () => {
    const gz = gzipSync(text);
    for (const keep of [0, 5, 10, 12, 100, gz.length - 9, gz.length - 8, gz.length - 4, gz.length - 1]) {
      expect(
        problemOf(() => inflateAtMost(gz.subarray(0, keep), 'gzip', 1e7)),
        `kept ${keep}`,
      ).toBe('truncated-or-corrupt');
    }
    const raw = deflateSync(text);
    expect(problemOf(() => inflateAtMost(raw.subarray(0, raw.length >> 1), 'deflate', 1e7))).toBe('truncated-or-corrupt');
    expect(problemOf(() => inflateAtMost(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 'deflate', 1e7))).toBe('truncated-or-corrupt');
  });

  it('ignores padding after a complete gzip member, as gunzip does', () => {
    const gz = gzipSync(text);
    const padded = new Uint8Array(gz.length + 512);
    padded.set(gz);
    expect(asText(inflateAtMost(padded, 'gzip', 1e6)) === asText(text)).toBe(true);
  });
});
