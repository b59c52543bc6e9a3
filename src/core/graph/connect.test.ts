import { describe, expect, it } from 'vitest';
import { canConnect } from './connect';
import type { BlockKind, BlockParams, Design } from './types';

function design(blocks: [string, BlockKind, BlockParams?][], edges: [string, string][]): Design {
  return {
    name: 't',
    blocks: blocks.map(([id, kind, params]) => ({ id, kind, name: `${id}_name`, params: params ?? {}, position: { x: 0, y: 0 } })),
    edges: edges.map(([s, t], i) => ({ id: `e${i}`, source: s, target: t, targetIndex: i })),
  };
}

const d = design(
  [
    ['in', 'input', { height: 8, width: 8, channels: 1 }],
    ['a', 'conv', { filters: 4 }],
    ['b', 'conv', { filters: 4 }],
    ['c', 'conv', { filters: 8 }],
    ['sum', 'add'],
    ['cat', 'concatenate'],
    ['f', 'flatten'],
    ['out', 'output'],
  ],
  [
    ['in', 'a'],
    ['a', 'b'],
    ['in', 'c'],
    ['a', 'sum'],
    ['c', 'cat'],
  ],
);

describe('canConnect', () => {
  it('accepts a legal edge', () => {
    expect(canConnect(d, 'b', 'sum')).toEqual({ ok: true });
    expect(canConnect(d, 'b', 'cat')).toEqual({ ok: true }); // [8,8,4] with [8,8,8]: channels may differ
  });

  it('refuses self-loops and cycles, naming the loop', () => {
    expect(canConnect(d, 'a', 'a')).toEqual({ ok: false, reason: 'a_name cannot be connected to itself' });
    expect(canConnect(d, 'b', 'a')).toEqual({ ok: false, reason: 'would create a cycle: b_name → a_name → b_name' });
  });

  it('refuses edges into an input, out of the output, duplicates and full targets', () => {
    expect(canConnect(d, 'a', 'in')).toEqual({ ok: false, reason: 'in_name is an Input block and takes no inputs' });
    expect(canConnect(d, 'out', 'f')).toEqual({ ok: false, reason: 'out_name is the Output block; nothing can follow it' });
    expect(canConnect(d, 'in', 'a')).toEqual({ ok: false, reason: 'in_name is already connected to a_name' });
    expect(canConnect(d, 'c', 'b')).toEqual({ ok: false, reason: 'b_name takes one input and already has 1; remove a connection first' });
    expect(canConnect(d, 'a', 'ghost')).toEqual({ ok: false, reason: "there is no block with id 'ghost'" });
  });

  it('refuses merges whose shapes would not match', () => {
    expect(canConnect(d, 'c', 'sum')).toEqual({
      ok: false,
      reason: 'sum_name (Add) needs inputs of the same shape, but a_name is [8, 8, 4] and c_name is [8, 8, 8]',
    });
    const withFlat = { ...d, edges: [...d.edges, { id: 'x', source: 'a', target: 'f', targetIndex: 0 }] };
    expect(canConnect(withFlat, 'f', 'cat')).toEqual({
      ok: false,
      reason: 'cat_name (Concatenate) needs inputs that match on every axis but the last, but c_name is [8, 8, 8] and f_name is [256]',
    });
  });
});
