import type { Viewport } from '@xyflow/react';
import { withHistoryMode } from '../../state/slices/design-slice';
import { useAppStore } from '../../state/store';
import { selectActiveVariant } from '../../state/selectors';

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The viewport as stored in a design: pan to 0.1 px, zoom to 4 decimals (keeps saved files tidy). */
export function roundViewport(vp: Viewport): Viewport {
  return { x: round(vp.x, 1), y: round(vp.y, 1), zoom: round(vp.zoom, 4) };
}

/**
 * Stores the canvas viewport in the active variant's design. View state: no undo step and no
 * updatedAt bump (autosave still writes it). Returns false when nothing changed.
 */
export function saveViewport(vp: Viewport): boolean {
  const s = useAppStore.getState();
  const active = selectActiveVariant(s);
  if (!active) return false;
  const next = roundViewport(vp);
  const cur = active.design.viewport;
  if (cur && cur.x === next.x && cur.y === next.y && cur.zoom === next.zoom) return false;
  const variants = s.variants.map((v) => (v.id === active.id ? { ...v, design: { ...v.design, viewport: next } } : v));
  withHistoryMode('skip', () => useAppStore.setState({ variants }));
  return true;
}
