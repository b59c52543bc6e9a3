/**
 * Designs for tests. One builder: the app's own TemplateBuilder (src/core/templates/builder.ts: checked params,
 * snake_case names "conv_1", deterministic ids), re-exported here, and helpers written with it.
 */
import { TemplateBuilder } from '../core/templates/builder';
import type { BlockKind, BlockNode, BlockParams, Design } from '../core/graph/types';

export { TemplateBuilder };

/** One row of designFromRows: a block kind, its params, and the names of the blocks feeding it (in input order). */
export type DesignRow = [BlockKind, Partial<BlockParams>, string[]];

/**
 * A design from rows, each block fed by earlier blocks named by their generated names ("input_1", "conv_2"),
 * built with TemplateBuilder.
 */
export function designFromRows(name: string, rows: readonly DesignRow[]): Design {
  const b = new TemplateBuilder(name);
  const ids = new Map<string, string>();
  for (const [kind, params, inputs] of rows) {
    const id = b.add(
      kind,
      params,
      inputs.map((n) => {
        const src = ids.get(n);
        if (!src) throw new Error(`designFromRows: no block named ${n} before ${kind}`);
        return src;
      }),
    );
    ids.set(id.replace(/^blk_/, ''), id);
  }
  return b.build();
}

/**
 * The smallest trainable design: Input (h×w×c) straight into a softmax Output of `classes` units. A fixed
 * fixture, not built: tests address its blocks by the ids 'in' and 'out'.
 */
export function ioDesign(input: [number, number, number], classes: number): Design {
  return {
    name: 'test',
    blocks: [
      { id: 'in', kind: 'input', name: 'input', params: { height: input[0], width: input[1], channels: input[2] }, position: { x: 0, y: 0 } },
      { id: 'out', kind: 'output', name: 'output', params: { units: classes, activation: 'softmax', useBias: true }, position: { x: 0, y: 100 } },
    ],
    edges: [{ id: 'e', source: 'in', target: 'out', targetIndex: 0 }],
  };
}

/**
 * A template at 224×224 shrunk to 33×33 (odd, so TF's asymmetric 'same' padding shows): the same layers at a
 * size a CPU test runs in seconds. Inputs of 64×64 or less are kept.
 */
export function cpuSized(design: Design): Design {
  const blocks = design.blocks.map((blk): BlockNode => {
    if (blk.kind !== 'input' || (blk.params.height as number) <= 64) return blk;
    return { ...blk, params: { ...blk.params, height: 33, width: 33 } };
  });
  return { ...design, blocks };
}
