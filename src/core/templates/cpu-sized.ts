import type { BlockNode, Design } from '../graph/types';

/**
 * For tests: a template at 224×224 shrunk to 33×33 (odd, so TF's asymmetric 'same' padding shows) — the same
 * layers at a size a CPU test runs in seconds. Inputs of 64×64 or less are kept.
 */
export function cpuSized(design: Design): Design {
  const blocks = design.blocks.map((blk): BlockNode => {
    if (blk.kind !== 'input' || (blk.params.height as number) <= 64) return blk;
    return { ...blk, params: { ...blk.params, height: 33, width: 33 } };
  });
  return { ...design, blocks };
}
