import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../blocks/block-def';
import { getBlockDef } from '../blocks/registry';
import { BLOCK_KINDS, type BlockNode, type Design, type ParamValue } from '../graph/types';
import { parseDesignFile, serializeDesign } from './design-file';

const noNegZero = (n: number): number => (Object.is(n, -0) ? 0 : n);
const coord = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(noNegZero);

function fieldValue(f: FieldSpec): fc.Arbitrary<ParamValue> {
  switch (f.type) {
    case 'int':
      return fc.integer({ min: f.min, max: f.max });
    case 'float':
      return fc.double({ min: f.min, max: f.max, noNaN: true, maxExcluded: f.maxExclusive ?? false }).map(noNegZero);
    case 'pair':
      return fc.tuple(fc.integer({ min: f.min, max: f.max }), fc.integer({ min: f.min, max: f.max }));
    case 'enum':
      return fc.constantFrom(...f.options);
    case 'bool':
      return fc.boolean();
  }
}

/** One arbitrary per kind: {kind, params} with every param in its valid range. */
const kindAndParams = fc.oneof(
  ...BLOCK_KINDS.map((kind) => {
    const fields = getBlockDef(kind).fields;
    return fc.tuple(...fields.map(fieldValue)).map((vals) => ({ kind, params: Object.fromEntries(fields.map((f, k) => [f.key, vals[k]])) }));
  }),
);

const blockArb = fc.record({
  kp: kindAndParams,
  stem: fc.constantFrom('conv', 'x', 'Block', 'a.b', 'sep-1'),
  position: fc.record({ x: coord, y: coord }),
});

const design: fc.Arbitrary<Design> = fc
  .record({
    name: fc.string({ maxLength: 20 }),
    blocks: fc.array(blockArb, { maxLength: 8 }),
    edges: fc.array(fc.record({ s: fc.nat(7), t: fc.nat(7), k: fc.nat(3) }), { maxLength: 10 }),
    viewport: fc.option(fc.record({ x: coord, y: coord, zoom: fc.double({ min: 0.05, max: 4, noNaN: true }) }), { nil: undefined }),
  })
  .map(({ name, blocks, edges, viewport }) => {
    const nodes: BlockNode[] = blocks.map((b, i) => ({
      id: `blk-${i}`,
      kind: b.kp.kind,
      name: `${b.stem}_${i}`,
      params: b.kp.params,
      position: b.position,
    }));
    const d: Design = {
      name,
      blocks: nodes,
      edges: nodes.length
        ? edges.map((e, i) => ({ id: `e${i}`, source: nodes[e.s % nodes.length].id, target: nodes[e.t % nodes.length].id, targetIndex: e.k }))
        : [],
    };
    if (viewport) d.viewport = viewport;
    return d;
  });

describe('design file round trip (property)', () => {
  it('serialize → parse is the identity and serialize is stable', () => {
    fc.assert(
      fc.property(design, (d) => {
        const text = serializeDesign(d);
        const back = parseDesignFile(text);
        expect(back).toEqual({ ok: true, design: d });
        if (back.ok) expect(serializeDesign(back.design)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});
