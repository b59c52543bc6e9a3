import { Background, Controls, MiniMap, ReactFlow, type ReactFlowProps } from '@xyflow/react';
import { memo } from 'react';
import { getBlockDef } from '../../core/blocks/registry';
import { BlockNodeView } from './BlockNodeView';
import { ConnectionHint, type ConnectionCheck } from './ConnectionHint';
import type { BlockFlowNode, ShapeFlowEdge } from './flow-mapping';
import { ShapeEdgeView } from './ShapeEdgeView';

const nodeTypes = { block: BlockNodeView };
const edgeTypes = { shape: ShapeEdgeView };
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const MINIMAP_STYLE = { width: 150, height: 110 };
/** The zoom controls' fit button fits every block however small (the toolbar's "Fit view" keeps names legible). */
const ARIA_LABELS = { 'controls.fitView.ariaLabel': 'Fit the whole design' };

function miniMapColor(node: BlockFlowNode): string {
  if (node.data.hasError) return '#e5484d';
  return getBlockDef(node.data.kind).category === 'sora' ? '#7fa6ea' : '#b7bec8';
}

type FlowProps = ReactFlowProps<BlockFlowNode, ShapeFlowEdge>;

/**
 * Designs with more blocks than this render only what is in view (React Flow's onlyRenderVisibleElements;
 * every block is still rendered once to be measured, and the mini map shows them all). Smaller designs,
 * which usually fit the view anyway, render everything, so Tab reaches every block.
 */
export const VIRTUALIZE_CANVAS_ABOVE = 80;

/** Everything the canvas hands to React Flow; every function must be stable (useCallback) for the memo to hold. */
export type DesignFlowProps = Required<
  Pick<
    FlowProps,
    | 'nodes'
    | 'edges'
    | 'onNodesChange'
    | 'onEdgesChange'
    | 'onConnect'
    | 'onConnectEnd'
    | 'onReconnect'
    | 'onReconnectStart'
    | 'onReconnectEnd'
    | 'isValidConnection'
    | 'onNodeDragStart'
    | 'onNodeDragStop'
    | 'onMoveEnd'
  >
> & {
  checkConnection: ConnectionCheck;
  /** Render only the blocks and edges in view (large designs: fewer DOM nodes to render, lay out and paint per edit). */
  virtualize: boolean;
};

/**
 * React Flow with the editor's node/edge types, mini map and controls. Memoised: when an edit leaves the
 * nodes and edges arrays as they were (a parameter change whose numbers the node views take from the
 * store themselves), React Flow is not re-rendered at all.
 */
export const DesignFlow = memo(function DesignFlow({ checkConnection, virtualize, ...flow }: DesignFlowProps) {
  return (
    <ReactFlow<BlockFlowNode, ShapeFlowEdge>
      {...flow}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      deleteKeyCode={null}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      selectionKeyCode="Shift"
      minZoom={0.1}
      maxZoom={2.5}
      aria-label="Design canvas"
      ariaLabelConfig={ARIA_LABELS}
      onlyRenderVisibleElements={virtualize}
    >
      <Background gap={16} size={1} color="#d9dde3" />
      <MiniMap pannable zoomable ariaLabel="Mini map" nodeColor={miniMapColor} nodeBorderRadius={3} style={MINIMAP_STYLE} />
      <Controls showInteractive={false} aria-label="Zoom controls" />
      <ConnectionHint check={checkConnection} />
    </ReactFlow>
  );
});
