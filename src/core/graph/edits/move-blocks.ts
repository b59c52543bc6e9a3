import type { Design, Position } from '../types';
import type { EditResult } from './edit-result';

export interface MoveBlocksArgs {
  positions: ReadonlyMap<string, Position>;
}

/** Moves blocks to new positions; the result counts the blocks that actually moved. */
export function moveBlocks(design: Design, { positions }: MoveBlocksArgs): EditResult<{ moved: number }> {
  let moved = 0;
  const blocks = design.blocks.map((b) => {
    const p = positions.get(b.id);
    if (!p || (p.x === b.position.x && p.y === b.position.y)) return b;
    moved += 1;
    return { ...b, position: { x: p.x, y: p.y } };
  });
  return { design: moved > 0 ? { ...design, blocks } : design, result: { moved } };
}
