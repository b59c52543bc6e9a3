import { isBlockKind } from '../../core/blocks/registry';
import type { BlockKind, Position } from '../../core/graph/types';
import { useAppStore } from '../../state/store';
import { DEFAULT_NODE_SIZE } from '../layout/auto-layout';
import { addBlock } from '../../core/graph/edits';

/** dataTransfer type carrying a block kind from the palette to the canvas. */
export const BLOCK_DRAG_TYPE = 'application/sora-block';

export function readDraggedKind(dt: DataTransfer): BlockKind | null {
  const kind = dt.getData(BLOCK_DRAG_TYPE);
  return isBlockKind(kind) ? kind : null;
}

/**
 * Adds a block centred on `center` (flow coordinates) as one undo step and selects it.
 * Returns the new block's id (null when there is no active design).
 */
export function addBlockAt(kind: BlockKind, center: Position): string | null {
  const store = useAppStore.getState();
  const position = {
    x: Math.round(center.x - DEFAULT_NODE_SIZE.width / 2),
    y: Math.round(center.y - DEFAULT_NODE_SIZE.height / 2),
  };
  const added = store.applyEdit((d) => addBlock(d, { kind, position }), { label: 'Add block' });
  if (!added) return null;
  store.setSelection([added.blockId]);
  return added.blockId;
}
