import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../core/templates/index';
import { blocksBounds, FIT_MARGIN, LEGIBLE_ZOOM, legibleViewport, MAX_FIT_ZOOM } from './legible-fit';

const NODE = { width: 190, height: 62 };
/** Name text is 13 px (App.css .block-node__name): rendered size at a zoom. */
const nameFontPx = (zoom: number) => 13 * zoom;

describe('legible fit', () => {
  it('shows the 9-block default chain from its input at a zoom where block names stay readable', () => {
    const design = getTemplate('sora-fast-mnist')!.build();
    expect(design.blocks.length).toBe(9);
    const bounds = blocksBounds(design.blocks, new Map(), NODE)!;
    // The canvas at 1440×900 with the details panel open: about 930 × 480 px.
    const vp = legibleViewport(bounds, { width: 930, height: 480 });
    expect(vp.zoom).toBe(LEGIBLE_ZOOM);
    expect(nameFontPx(vp.zoom)).toBeGreaterThanOrEqual(10);
    // Too tall to fit: the top (the Input block) sits at the margin; it fits across, so it is centred.
    expect(bounds.y * vp.zoom + vp.y).toBeCloseTo(FIT_MARGIN);
    expect(bounds.x * vp.zoom + vp.x + (bounds.width * vp.zoom) / 2).toBeCloseTo(465);
  });

  it('centres a design that fits, zooming in no further than the cap', () => {
    const small = { x: 100, y: 50, width: 190, height: 200 };
    const vp = legibleViewport(small, { width: 1000, height: 800 });
    expect(vp.zoom).toBe(MAX_FIT_ZOOM);
    expect(vp.x + (small.x + small.width / 2) * vp.zoom).toBeCloseTo(500);
    expect(vp.y + (small.y + small.height / 2) * vp.zoom).toBeCloseTo(400);
    // Between the limits: the exact fit.
    const mid = legibleViewport({ x: 0, y: 0, width: 1000, height: 100 }, { width: 1000 + 2 * FIT_MARGIN, height: 800 });
    expect(mid.zoom).toBeCloseTo(1);
  });

  it('has no bounds without blocks and uses measured sizes when known', () => {
    expect(blocksBounds([], new Map(), NODE)).toBeNull();
    const blocks = [
      { id: 'a', position: { x: 0, y: 0 } },
      { id: 'b', position: { x: 300, y: 100 } },
    ];
    expect(blocksBounds(blocks, new Map([['b', { width: 50, height: 40 }]]), NODE)).toEqual({ x: 0, y: 0, width: 350, height: 140 });
  });
});
