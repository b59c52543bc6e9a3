import { describe, expect, it } from 'vitest';
import { createBlock, emptyDesign, newId, toLayerName, uniqueBlockName } from './factory';

describe('factory', () => {
  it('newId is unique and prefixed', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('e')));
    expect(ids.size).toBe(1000);
    expect([...ids].every((id) => id.startsWith('e-'))).toBe(true);
  });

  it('names are snake_case, unique, valid layer names', () => {
    const d = emptyDesign('x');
    expect(d).toEqual({ name: 'x', blocks: [], edges: [] });
    const a = createBlock('separable-conv', d);
    expect(a.name).toBe('separable_conv_1');
    d.blocks.push(a);
    const b = createBlock('separable-conv', d, { x: 5, y: 7 }, { filters: 64 });
    expect(b.name).toBe('separable_conv_2');
    expect(b.position).toEqual({ x: 5, y: 7 });
    expect(b.params.filters).toBe(64);
    expect(b.params.kernelSize).toEqual([3, 3]);
    expect(a.position).toEqual({ x: 0, y: 0 });
    d.blocks.push(b);
    expect(createBlock('conv', d).position).toEqual({ x: 5, y: 107 });
    expect(uniqueBlockName(d, 'Separable Conv')).toBe('separable_conv_3');
    expect(toLayerName('receptiveFieldConv')).toBe('receptive_field_conv');
    expect(toLayerName('  9 lives!')).toBe('b_9_lives');
    expect(toLayerName('')).toBe('block');
  });
});
