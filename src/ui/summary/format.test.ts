import { describe, expect, it } from 'vitest';
import { formatBytes, formatCompact, formatExact, formatReceptiveField, formatShape } from './format';

describe('number formatting', () => {
  it('formats exact and compact numbers', () => {
    expect(formatExact(1234567)).toBe('1,234,567');
    expect(formatExact(0)).toBe('0');
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(1200)).toBe('1.2K');
    expect(formatCompact(35_400)).toBe('35.4K');
    expect(formatCompact(1_200_000)).toBe('1.2M');
    expect(formatCompact(569_000_000)).toBe('569M');
    expect(formatCompact(4_000)).toBe('4K');
  });
  it('never prints a total beyond 2^53 as if it were exact', () => {
    expect(formatExact(2 ** 53 - 1)).toBe('9,007,199,254,740,991');
    expect(formatExact(1.23e16)).toBe('≈1.2e16');
    expect(formatExact(2 ** 53 + 2)).toBe('≈9e15');
    expect(formatCompact(1.23e16)).toBe('≈1.2e16');
    expect(formatCompact(Infinity)).toBe('≈∞');
    expect(formatCompact(3.5e12)).toBe('3.5T');
  });
  it('formats bytes, shapes and receptive fields', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3136)).toBe('3.1 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatShape([28, 28, 1])).toBe('28×28×1');
    expect(formatShape(null)).toBe('?');
    expect(formatReceptiveField({ size: [7, 7], jump: [2, 2] })).toBe('7×7 px (jump 2)');
  });
});
