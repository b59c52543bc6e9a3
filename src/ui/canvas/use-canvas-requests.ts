import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import { DEFAULT_NODE_SIZE, layoutDesign } from '../layout/auto-layout';
import { moveBlocks } from './design-ops';
import type { Measured } from './flow-mapping';

/** Carries out fit-view, center-on-block and auto-layout requests posted to the ui slice. */
export function useCanvasRequests(measured: ReadonlyMap<string, Measured>): void {
  const request = useAppStore((s) => s.canvasRequest);
  const rf = useReactFlow();
  const handled = useRef(0);
  const measuredRef = useRef(measured);
  measuredRef.current = measured;

  useEffect(() => {
    if (!request || request.seq === handled.current) return;
    handled.current = request.seq;
    const store = useAppStore.getState();
    if (request.type === 'fit') {
      void rf.fitView({ padding: 0.15, maxZoom: 1.2, duration: 200 });
    } else if (request.type === 'center') {
      const node = rf.getNode(request.blockId);
      if (!node) return;
      const size = measuredRef.current.get(request.blockId) ?? DEFAULT_NODE_SIZE;
      void rf.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, {
        zoom: Math.max(rf.getZoom(), 0.9),
        duration: 250,
      });
    } else {
      store.updateDesign((d) => moveBlocks(d, layoutDesign(d, { sizes: measuredRef.current })), { label: 'Auto-layout' });
      // Let React Flow render the new positions before fitting.
      window.setTimeout(() => void rf.fitView({ padding: 0.15, maxZoom: 1.2, duration: 200 }), 50);
    }
  }, [request, rf]);
}
