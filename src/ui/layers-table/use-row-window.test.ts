import { describe, expect, it } from 'vitest';
import { rowWindow } from './use-row-window';

describe('layers table row window', () => {
  it('renders the rows in view plus an overscan margin, clamped to the table', () => {
    // 200 rows of 20 px, a 160 px view at the top: rows 0–7 in view, 12 more below.
    expect(rowWindow(0, 160, 20, 200)).toEqual({ start: 0, end: 20, rowHeight: 20 });
    // Scrolled to row 100: 12 rows above, 8 in view, 12 below.
    expect(rowWindow(2000, 160, 20, 200)).toEqual({ start: 88, end: 120, rowHeight: 20 });
    // At the end.
    expect(rowWindow(3840, 160, 20, 200)).toEqual({ start: 180, end: 200, rowHeight: 20 });
  });

  it('copes with a view above the table (caption, header) and beyond its end', () => {
    expect(rowWindow(-100, 160, 20, 200)).toEqual({ start: 0, end: 15, rowHeight: 20 });
    const past = rowWindow(10_000, 160, 20, 200);
    expect(past.end).toBe(200);
    expect(past.start).toBeLessThanOrEqual(past.end);
  });
});
