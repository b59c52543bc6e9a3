import { describe, expect, it } from 'vitest';
import { emptyDesign } from '../core/graph/factory';
import { selectActiveDesign, selectActiveVariant, selectVariant } from './selectors';
import type { Variant } from './types';

const variant = (id: string): Variant => ({ id, name: id, design: emptyDesign(id), createdAt: 0, updatedAt: 0 });

describe('variant selectors', () => {
  const variants = [variant('a'), variant('b')];

  it('finds the active variant and its design', () => {
    const s = { variants, activeVariantId: 'b' };
    expect(selectActiveVariant(s)).toBe(variants[1]);
    expect(selectActiveDesign(s)).toBe(variants[1].design);
    expect(selectVariant(s, 'a')).toBe(variants[0]);
  });

  it('gives undefined with no active variant or an unknown id', () => {
    expect(selectActiveVariant({ variants, activeVariantId: null })).toBeUndefined();
    expect(selectActiveDesign({ variants, activeVariantId: 'gone' })).toBeUndefined();
    expect(selectVariant({ variants, activeVariantId: 'a' }, undefined)).toBeUndefined();
  });
});
