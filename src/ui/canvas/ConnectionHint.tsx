import { Panel, useConnection, type Node } from '@xyflow/react';

export type ConnectionCheck = (source: string, target: string) => { ok: true } | { ok: false; reason: string };

interface Hover {
  source: string | null;
  target: string | null;
  isValid: boolean | null;
}

/**
 * While a connection is being drawn over a handle it may not join (a cycle, an impossible merge,
 * a full input), says why, before the mouse is released.
 */
export function ConnectionHint({ check }: { check: ConnectionCheck }) {
  const hover = useConnection<Node, Hover>((c) => {
    if (!c.inProgress || !c.toNode) return { source: null, target: null, isValid: null };
    const fromSource = c.fromHandle.type === 'source';
    return {
      source: fromSource ? c.fromNode.id : c.toNode.id,
      target: fromSource ? c.toNode.id : c.fromNode.id,
      isValid: c.isValid,
    };
  });
  if (hover.isValid !== false || !hover.source || !hover.target) return null;
  const r = hover.source === hover.target ? { ok: false as const, reason: 'a block cannot feed itself' } : check(hover.source, hover.target);
  if (r.ok) return null;
  return (
    <Panel position="bottom-center" className="connection-hint" data-testid="connection-hint" role="status">
      Cannot connect: {r.reason}
    </Panel>
  );
}
