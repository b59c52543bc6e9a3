import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import { DEFAULT_NODE_SIZE, layoutDesign } from '../layout/auto-layout';
import { moveBlocks } from '../../core/graph/edits';
import type { Measured } from './flow-mapping';
import { fitBlocksLegibly } from './legible-fit';
import { selectActiveDesign } from '../../state/selectors';

/**
 * Carries out fit-view, center-on-block and auto-layout requests posted to the ui slice. Fits keep
 * block text legible (legible-fit.ts) and leave an empty design's view alone (React Flow's own
 * fitView would wait for the first block and then jump the view away from where it was dropped).
 */
export function useCanvasRequests(measured: ReadonlyMap<string, Measured>): void {
  const request = useAppStore((s) => s.canvasRequest);
  const rf = useReactFlow();
  const flowStore = useStoreApi();
  const handled = useRef(0);
  const measuredRef = useRef(measured);
  measuredRef.current = measured;

  useEffect(() => {
    if (!request || request.seq === handled.current) return;
    handled.current = request.seq;
    const store = useAppStore.getState();
    const fitActive = () => {
      const design = selectActiveDesign(useAppStore.getState());
      const { width, height } = flowStore.getState();
      if (design) fitBlocksLegibly(rf, { width, height }, design.blocks, measuredRef.current, DEFAULT_NODE_SIZE, 200);
    };
    if (request.type === 'fit') {
      fitActive();
    } else if (request.type === 'center') {
      const node = rf.getNode(request.blockId);
      if (!node) return;
      const size = measuredRef.current.get(request.blockId) ?? DEFAULT_NODE_SIZE;
      void rf.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, {
        zoom: Math.max(rf.getZoom(), 0.9),
        duration: 250,
      });
    } else {
      store.applyEdit((d) => moveBlocks(d, { positions: layoutDesign(d, { sizes: measuredRef.current }) }), { label: 'Auto-layout' });
      fitActive();
    }
  }, [request, rf, flowStore]);
}
