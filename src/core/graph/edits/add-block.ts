import { createBlock } from '../factory';
import type { BlockKind, Design, Position } from '../types';
import type { EditResult } from './edit-result';

export interface AddBlockArgs {
  kind: BlockKind;
  position: Position;
}

/** Adds a block of `kind` at `position` with a unique name; the result is its id. */
export function addBlock(design: Design, { kind, position }: AddBlockArgs): EditResult<{ blockId: string }> {
  const block = createBlock(kind, design, position);
  return { design: { ...design, blocks: [...design.blocks, block] }, result: { blockId: block.id } };
}
