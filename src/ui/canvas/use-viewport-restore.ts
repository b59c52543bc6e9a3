import { useReactFlow, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { autosaveStatus } from '../../state/persistence/status';
import { useAppStore } from '../../state/store';
import { saveViewport } from './viewport-state';

export const FIT_VIEW_OPTIONS = { padding: 0.15, maxZoom: 1.2 } as const;

/**
 * The canvas view follows the active variant: once saved variants are loaded, and whenever another
 * variant becomes active, the view starts from that design's saved viewport, or fits the design
 * when it has none (React Flow queues fitView until the blocks are measured). Returns the
 * move-end handler that saves the view back into the active design (never an undo step).
 */
export function useViewportRestore(): (event: MouseEvent | TouchEvent | null, vp: Viewport) => void {
  const rf = useReactFlow();
  const loaded = useStore(autosaveStatus, (s) => s.phase !== 'loading');
  const activeId = useAppStore((s) => s.activeVariantId);
  /** Variant whose view is on screen; move-ends are saved only into it. */
  const shownFor = useRef<string | null>(null);
  const ready = rf.viewportInitialized;

  useEffect(() => {
    if (!loaded || !ready || !activeId || shownFor.current === activeId) return;
    const s = useAppStore.getState();
    const vp = s.variants.find((v) => v.id === activeId)?.design.viewport;
    shownFor.current = activeId;
    if (vp) void rf.setViewport(vp);
    else void rf.fitView(FIT_VIEW_OPTIONS);
  }, [loaded, ready, activeId, rf]);

  return useCallback((_event, vp) => {
    const s = useAppStore.getState();
    if (shownFor.current !== null && shownFor.current === s.activeVariantId) saveViewport(vp);
  }, []);
}
