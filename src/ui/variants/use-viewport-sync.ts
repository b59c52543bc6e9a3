import { useNodesInitialized, useOnViewportChange, useReactFlow, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { autosaveStatus } from '../../state/persistence/status';
import { withHistoryMode } from '../../state/slices/design-slice';
import { useAppStore } from '../../state/store';

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Stores the canvas viewport in the active design (view state: not an undo step, no updatedAt bump). */
export function saveViewport(vp: Viewport): void {
  const s = useAppStore.getState();
  const active = s.variants.find((v) => v.id === s.activeVariantId);
  if (!active) return;
  const next = { x: round(vp.x, 1), y: round(vp.y, 1), zoom: round(vp.zoom, 4) };
  const cur = active.design.viewport;
  if (cur && cur.x === next.x && cur.y === next.y && cur.zoom === next.zoom) return;
  const variants = s.variants.map((v) => (v.id === active.id ? { ...v, design: { ...v.design, viewport: next } } : v));
  withHistoryMode('skip', () => useAppStore.setState({ variants }));
}

/**
 * Keeps each design's viewport: saves it when the user stops panning/zooming (only once saved
 * variants are loaded, so the startup default is never touched), restores it after loading and
 * when the user switches variants (fits the view when a design has none).
 * Returns `activate(id)` (switch variant and restore its view) and `restoreSoon()` (restore the
 * active variant's view once the canvas has rendered it, e.g. after a delete).
 */
export function useViewportSync(): { activate(id: string): void; restoreSoon(): void } {
  const rf = useReactFlow();
  const nodesInitialized = useNodesInitialized();
  const loaded = useStore(autosaveStatus, (s) => s.phase !== 'loading');
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  const restoredOnce = useRef(false);

  const restore = useCallback(() => {
    const s = useAppStore.getState();
    const vp = s.variants.find((v) => v.id === s.activeVariantId)?.design.viewport;
    if (vp) void rf.setViewport(vp);
    else void rf.fitView({ padding: 0.15, maxZoom: 1.2 });
  }, [rf]);

  useOnViewportChange({
    onEnd: (vp) => {
      if (loadedRef.current && restoredOnce.current) saveViewport(vp);
    },
  });

  useEffect(() => {
    if (!loaded || !nodesInitialized || restoredOnce.current) return;
    // After the canvas' own initial fitView (which runs once its nodes are measured).
    const t = window.setTimeout(() => {
      restore();
      restoredOnce.current = true;
    }, 60);
    return () => window.clearTimeout(t);
  }, [loaded, nodesInitialized, restore]);

  // Let the canvas render the other design before moving the view.
  const restoreSoon = useCallback(() => void window.setTimeout(restore, 30), [restore]);
  const activate = useCallback(
    (id: string) => {
      const s = useAppStore.getState();
      if (id === s.activeVariantId) return;
      s.setActiveVariant(id);
      restoreSoon();
    },
    [restoreSoon],
  );
  return { activate, restoreSoon };
}
