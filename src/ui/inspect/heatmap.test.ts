import { describe, expect, it } from 'vitest';
import { channelToRgba, heatColor, heatToRgba, overlayAlpha, peak } from './heatmap';

describe('inspect heat maps', () => {
  it('colour scale runs from near-black to pale yellow and clamps', () => {
    expect(heatColor(0)).toEqual([0, 0, 4]);
    expect(heatColor(1)).toEqual([252, 255, 164]);
    expect(heatColor(-3)).toEqual(heatColor(0));
    expect(heatColor(Number.NaN)).toEqual(heatColor(0));
    expect(heatColor(0.5)).toEqual([188, 55, 84]);
  });

  it('heat maps are scaled by their peak; negative values count as zero; alpha comes from the scaled value', () => {
    const rgba = heatToRgba([0, 2, 4, -1], (t) => Math.round(t * 100));
    expect(Array.from(rgba.subarray(8, 12))).toEqual([252, 255, 164, 100]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([...heatColor(0.5), 50]);
    expect(Array.from(rgba.subarray(12, 16))).toEqual([0, 0, 4, 0]);
    expect(peak([0, -1])).toBe(0);
    expect(Array.from(heatToRgba([0, 0]).subarray(0, 4))).toEqual([0, 0, 4, 255]);
  });

  it('channels are min–max grey; overlays hide the coldest 15%', () => {
    expect(Array.from(channelToRgba([-1, 1, 0]))).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255]);
    expect(Array.from(channelToRgba([3, 3]).subarray(0, 4))).toEqual([128, 128, 128, 255]);
    expect(overlayAlpha(0.1)).toBe(0);
    expect(overlayAlpha(1)).toBe(180);
  });
});
