import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent, pixelsToRgba } from './pixels';

describe('training panel formatting', () => {
  it('expands grayscale and RGB floats to RGBA bytes', () => {
    expect([...pixelsToRgba(new Float32Array([0, 1]), 1, 2, 1)]).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    expect([...pixelsToRgba(new Float32Array([1, 0.5, 0]), 1, 1, 3)]).toEqual([255, 128, 0, 255]);
  });
  it('formats durations and percentages', () => {
    expect(formatDuration(65)).toBe('1 m 05 s');
    expect(formatDuration(7260)).toBe('2 h 01 m');
    expect(formatDuration(null)).toBe('–');
    expect(formatPercent(0.98765)).toBe('98.77%');
  });
});
