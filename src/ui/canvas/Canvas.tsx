import {
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { canConnect } from '../../core/graph/connect';
import type { Position } from '../../core/graph/types';
import { useAppStore } from '../../state/store';
import { useAnalysis } from '../summary/use-analysis';
import { connectBlocks, deleteItems, moveBlocks, reconnectEdge } from '../../core/graph/edits';
import { reuseList, stabilize, toFlowEdges, toFlowNodes, type BlockFlowNode, type Measured, type ShapeFlowEdge } from './flow-mapping';
import type { ConnectionCheck } from './ConnectionHint';
import { DesignFlow, VIRTUALIZE_CANVAS_ABOVE } from './DesignFlow';
import { BLOCK_DRAG_TYPE, addBlockAt, readDraggedKind } from './palette-drop';
import { useCanvasRequests } from './use-canvas-requests';
import { useViewportRestore } from './use-viewport-restore';
import { OverlayLegend } from '../latency/OverlayControls';

function applySelection(current: readonly string[], changes: { id: string; selected: boolean }[]): string[] {
  const set = new Set(current);
  for (const c of changes) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  return [...set];
}

/** The design canvas: blocks and edges of the active variant, editable with mouse and keyboard. */
export function Canvas() {
  const { design, analysis } = useAnalysis();
  const selectedBlockIds = useAppStore((s) => s.selectedBlockIds);
  const selectedEdgeIds = useAppStore((s) => s.selectedEdgeIds);
  const applyEdit = useAppStore((s) => s.applyEdit);
  const notify = useAppStore((s) => s.notify);
  const [measured, setMeasured] = useState<Map<string, Measured>>(() => new Map());
  const rf = useReactFlow<BlockFlowNode, ShapeFlowEdge>();
  const designRef = useRef(design);
  designRef.current = design;
  const dragKey = useRef('move:keyboard');

  // Structural sharing: unchanged nodes/edges keep their objects, and an unchanged list keeps its array,
  // so a parameter edit that moves no block and changes no edge label leaves React Flow's store alone.
  const prevNodes = useRef<BlockFlowNode[]>([]);
  const prevEdges = useRef<ShapeFlowEdge[]>([]);
  const nodes = useMemo(() => {
    const byId = new Map(prevNodes.current.map((n) => [n.id, n]));
    const next = reuseList(prevNodes.current, stabilize(byId, toFlowNodes(design, analysis, new Set(selectedBlockIds), measured)));
    prevNodes.current = next;
    return next;
  }, [design, analysis, selectedBlockIds, measured]);
  const edges = useMemo(() => {
    const byId = new Map(prevEdges.current.map((e) => [e.id, e]));
    const next = reuseList(prevEdges.current, stabilize(byId, toFlowEdges(design, analysis, new Set(selectedEdgeIds))));
    prevEdges.current = next;
    return next;
  }, [design, analysis, selectedEdgeIds]);

  useCanvasRequests(measured);
  const onMoveEnd = useViewportRestore(measured);

  const onNodesChange = useCallback(
    (changes: NodeChange<BlockFlowNode>[]) => {
      const sizes: [string, Measured][] = [];
      const moves = new Map<string, Position>();
      const selects: { id: string; selected: boolean }[] = [];
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) sizes.push([c.id, { width: c.dimensions.width, height: c.dimensions.height }]);
        else if (c.type === 'position' && c.position) moves.set(c.id, c.position);
        else if (c.type === 'select') selects.push({ id: c.id, selected: c.selected });
      }
      if (sizes.length) {
        setMeasured((prev) => {
          const next = new Map(prev);
          for (const [id, m] of sizes) next.set(id, m);
          return next;
        });
      }
      if (moves.size) applyEdit((d) => moveBlocks(d, { positions: moves }), { coalesceKey: dragKey.current, label: 'Move' });
      if (selects.length) {
        const s = useAppStore.getState();
        s.setSelection(applySelection(s.selectedBlockIds, selects), s.selectedEdgeIds);
      }
    },
    [applyEdit],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    const selects = changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected }] : []));
    if (selects.length) {
      const s = useAppStore.getState();
      s.setSelection(s.selectedBlockIds, applySelection(s.selectedEdgeIds, selects));
    }
  }, []);

  /** Edge whose end is being dragged: it does not count against the new connection. */
  const reconnecting = useRef<string | null>(null);
  const checkDesign = () =>
    reconnecting.current ? deleteItems(designRef.current, { blockIds: [], edgeIds: [reconnecting.current] }).design : designRef.current;

  const checkConnection: ConnectionCheck = useCallback((source, target) => canConnect(checkDesign(), source, target), []);

  const isValidConnection: IsValidConnection<ShapeFlowEdge> = useCallback(
    (c) => c.source !== c.target && canConnect(checkDesign(), c.source, c.target).ok,
    [],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const connected = applyEdit((d) => connectBlocks(d, { source: c.source, target: c.target }), { label: 'Connect' });
      if (connected && !connected.ok) notify('error', `Connection refused: ${connected.reason}`);
    },
    [applyEdit, notify],
  );

  /** A drop on a handle that isValidConnection refused: tell the user why. */
  const onConnectEnd: OnConnectEnd = useCallback(
    (_event, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromNode || !state.toNode || !state.fromHandle) return;
      const fromIsSource = state.fromHandle.type === 'source';
      const source = fromIsSource ? state.fromNode.id : state.toNode.id;
      const target = fromIsSource ? state.toNode.id : state.fromNode.id;
      const r = source === target ? { ok: false as const, reason: 'a block cannot feed itself' } : canConnect(checkDesign(), source, target);
      if (!r.ok) notify('error', `Connection refused: ${r.reason}`);
    },
    [notify],
  );

  const onReconnect = useCallback(
    (oldEdge: ShapeFlowEdge, c: Connection) => {
      const reconnected = applyEdit((d) => reconnectEdge(d, { edgeId: oldEdge.id, source: c.source, target: c.target }), {
        label: 'Reconnect',
      });
      if (reconnected && !reconnected.ok) notify('error', `Connection refused: ${reconnected.reason}`);
    },
    [applyEdit, notify],
  );

  // Every handler given to React Flow is stable: it hands some of them to each of the 200 edge
  // components, and a new function per render would re-render them all on every edit.
  const onReconnectStart = useCallback((_e: unknown, edge: ShapeFlowEdge) => {
    reconnecting.current = edge.id;
  }, []);
  const onReconnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, _edge: ShapeFlowEdge, _handleType: unknown, state: FinalConnectionState) => {
      onConnectEnd(event, state);
      reconnecting.current = null;
    },
    [onConnectEnd],
  );
  const onNodeDragStart = useCallback(() => {
    dragKey.current = `move:${Date.now()}:${Math.random()}`;
  }, []);
  const onNodeDragStop = useCallback(() => {
    // Arrow-key moves that follow are their own undo step (coalescing among themselves).
    dragKey.current = `move:keyboard:${Date.now()}`;
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(BLOCK_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = readDraggedKind(e.dataTransfer);
      if (!kind) return;
      e.preventDefault();
      addBlockAt(kind, rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [rf],
  );

  useEffect(() => {
    // New block ids drop their stale measurements (keeps the map small after deletes).
    setMeasured((prev) => {
      const ids = new Set(design.blocks.map((b) => b.id));
      if ([...prev.keys()].every((id) => ids.has(id))) return prev;
      return new Map([...prev].filter(([id]) => ids.has(id)));
    });
  }, [design.blocks]);

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <DesignFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onReconnect={onReconnect}
        onReconnectStart={onReconnectStart}
        onReconnectEnd={onReconnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onMoveEnd={onMoveEnd}
        checkConnection={checkConnection}
        virtualize={nodes.length > VIRTUALIZE_CANVAS_ABOVE}
      />
      <OverlayLegend />
    </div>
  );
}
