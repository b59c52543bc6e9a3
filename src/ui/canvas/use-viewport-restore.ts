import { useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { autosaveStatus } from '../../state/persistence/status';
import { selectVariant } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { DEFAULT_NODE_SIZE } from '../layout/auto-layout';
import type { Measured } from './flow-mapping';
import { fitBlocksLegibly } from './legible-fit';
import { saveViewport } from './viewport-state';

/** The view of a design with no blocks and no saved view: flow coordinates = canvas pixels. */
const EMPTY_DESIGN_VIEWPORT: Viewport = { x: 0, y: 0, zoom: 1 };

/**
 * The canvas view follows the active variant: once saved variants are loaded, and whenever another
 * variant becomes active, the view starts from that design's saved viewport, or, when it has none,
 * shows the design at a legible zoom once its blocks are measured (legible-fit.ts). An empty design
 * gets a plain 1:1 view and nothing is fitted later, so the first block dropped on it stays under the
 * pointer. Returns the move-end handler that saves the view back into the active design (never an
 * undo step).
 */
export function useViewportRestore(measured: ReadonlyMap<string, Measured>): (event: MouseEvent | TouchEvent | null, vp: Viewport) => void {
  const rf = useReactFlow();
  const flowStore = useStoreApi();
  const loaded = useStore(autosaveStatus, (s) => s.phase !== 'loading');
  const activeId = useAppStore((s) => s.activeVariantId);
  /** Variant whose view is on screen; move-ends are saved only into it. */
  const shownFor = useRef<string | null>(null);
  const ready = rf.viewportInitialized;

  useEffect(() => {
    if (!loaded || !ready || !activeId || shownFor.current === activeId) return;
    const design = selectVariant(useAppStore.getState(), activeId)?.design;
    if (!design) return;
    if (design.viewport || design.blocks.length === 0) {
      shownFor.current = activeId;
      void rf.setViewport(design.viewport ?? EMPTY_DESIGN_VIEWPORT);
      return;
    }
    // Wait for the canvas to measure every block (this effect runs again as sizes arrive).
    if (!design.blocks.every((b) => measured.has(b.id))) return;
    shownFor.current = activeId;
    const { width, height } = flowStore.getState();
    fitBlocksLegibly(rf, { width, height }, design.blocks, measured, DEFAULT_NODE_SIZE);
  }, [loaded, ready, activeId, rf, flowStore, measured]);

  return useCallback((_event, vp) => {
    const s = useAppStore.getState();
    if (shownFor.current !== null && shownFor.current === s.activeVariantId) saveViewport(vp);
  }, []);
}
