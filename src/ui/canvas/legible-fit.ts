import type { Viewport } from '@xyflow/react';
import type { Position } from '../../core/graph/types';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The furthest the editor's own fits zoom out: block names (13 px) then render at 10.4 px, the
 * smallest size that stays readable. A design too big for the view at this zoom is shown from its
 * top-left (the input end of a top-to-bottom chain) instead of being shrunk to illegible text;
 * the mini map and the zoom controls' own fit button still show the whole of it.
 */
export const LEGIBLE_ZOOM = 0.8;
/** The closest a fit zooms in (a small design is not blown up). */
export const MAX_FIT_ZOOM = 1.2;
/** Screen pixels kept free around a fitted design. */
export const FIT_MARGIN = 32;

/** Bounding box of blocks in flow coordinates (measured sizes, else `fallback`); null for no blocks. */
export function blocksBounds(
  blocks: readonly { id: string; position: Position }[],
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  fallback: { width: number; height: number },
): Box | null {
  if (blocks.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of blocks) {
    const s = sizes.get(b.id) ?? fallback;
    x0 = Math.min(x0, b.position.x);
    y0 = Math.min(y0, b.position.y);
    x1 = Math.max(x1, b.position.x + s.width);
    y1 = Math.max(y1, b.position.y + s.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The viewport that fits `bounds` into a `view` of that size in screen pixels, zoomed no further out
 * than LEGIBLE_ZOOM (and no further in than MAX_FIT_ZOOM). Along an axis where the design fits it is
 * centred; along one where it does not, its start (top or left edge) is placed at the margin.
 */
export function legibleViewport(bounds: Box, view: { width: number; height: number }, legibleZoom = LEGIBLE_ZOOM): Viewport {
  const free = (px: number) => Math.max(1, px - 2 * FIT_MARGIN);
  const fit = Math.min(free(view.width) / Math.max(1, bounds.width), free(view.height) / Math.max(1, bounds.height));
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(legibleZoom, fit));
  const place = (start: number, size: number, viewSize: number) =>
    size * zoom <= free(viewSize) ? (viewSize - size * zoom) / 2 - start * zoom : FIT_MARGIN - start * zoom;
  return { x: place(bounds.x, bounds.width, view.width), y: place(bounds.y, bounds.height, view.height), zoom };
}

/** Moves a canvas (React Flow's setViewport) to the legible fit of `blocks`; does nothing without blocks. */
export function fitBlocksLegibly(
  canvas: { setViewport(vp: Viewport, options?: { duration?: number }): unknown },
  view: { width: number; height: number },
  blocks: readonly { id: string; position: Position }[],
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  fallback: { width: number; height: number },
  duration?: number,
): void {
  const bounds = blocksBounds(blocks, sizes, fallback);
  if (!bounds || view.width <= 0 || view.height <= 0) return;
  void canvas.setViewport(legibleViewport(bounds, view), duration ? { duration } : undefined);
}
