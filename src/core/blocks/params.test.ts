import { describe, expect, it } from 'vitest';
import type { FieldSpec } from './block-def';
import { checkParamValue, defaultParams, resolveParams } from './params';
import { BLOCK_DEF_LIST, PALETTE_ORDER, getBlockDef, isBlockKind } from './registry';
import { BLOCK_KINDS } from '../graph/types';

describe('registry', () => {
  it('has one definition per kind, Sora blocks first in the palette', () => {
    expect(BLOCK_DEF_LIST.map((d) => d.kind)).toEqual([...BLOCK_KINDS]);
    expect(new Set(BLOCK_KINDS).size).toBe(BLOCK_KINDS.length);
    expect(PALETTE_ORDER.slice(0, 5)).toEqual(['input', 'separable-conv', 'receptive-field-conv', 'encoding', 'output']);
    expect([...PALETTE_ORDER].sort()).toEqual([...BLOCK_KINDS].sort());
    for (const k of BLOCK_KINDS) expect(getBlockDef(k).kind).toBe(k);
    expect(PALETTE_ORDER.slice(0, 5).every((k) => getBlockDef(k).category === 'sora')).toBe(true);
    expect(isBlockKind('conv')).toBe(true);
    expect(isBlockKind('toString')).toBe(false);
  });

  it('every kind’s defaults pass their own checks', () => {
    for (const k of BLOCK_KINDS) {
      const r = resolveParams(k, defaultParams(k));
      expect(r.errors, k).toEqual([]);
      expect(getBlockDef(k).checkParams?.(r.params) ?? []).toEqual([]);
    }
    expect(defaultParams('separable-conv')).toEqual({
      kernelSize: [3, 3],
      filters: 32,
      strides: [1, 1],
      padding: 'same',
      dilation: [1, 1],
      depthMultiplier: 1,
      activation: 'relu',
      useBias: true,
      batchNorm: false,
    });
    expect(defaultParams('receptive-field-conv').dilation).toEqual([2, 2]);
    expect(defaultParams('conv').dilation).toEqual([1, 1]);
  });
});

describe('checkParamValue', () => {
  const filters = getBlockDef('conv').fields.find((f) => f.key === 'filters') as FieldSpec;
  const kernel = getBlockDef('conv').fields.find((f) => f.key === 'kernelSize') as FieldSpec;
  const rate = getBlockDef('dropout').fields[0];
  it('refuses out-of-range values with a message naming field, range and value', () => {
    expect(checkParamValue(filters, 0)).toBe('Filters must be an integer between 1 and 4096 (got 0)');
    expect(checkParamValue(filters, 2.5)).toBe('Filters must be an integer between 1 and 4096 (got 2.5)');
    expect(checkParamValue(filters, '8')).toBe("Filters must be an integer between 1 and 4096 (got '8')");
    expect(checkParamValue(filters, 4096)).toBeNull();
    expect(checkParamValue(rate, 1)).toBe('Rate must be a number at least 0 and below 1 (got 1)');
    expect(checkParamValue(rate, 0.99)).toBeNull();
    expect(checkParamValue(kernel, [3, 0])).toBe('Kernel size must be a pair of integers between 1 and 64 (got [3, 0])');
    expect(checkParamValue(kernel, 5)).toBeNull();
    expect(checkParamValue(getBlockDef('conv').fields.find((f) => f.key === 'padding') as FieldSpec, 'full')).toBe(
      "Padding must be one of same, valid (got 'full')",
    );
    expect(checkParamValue(getBlockDef('conv').fields.find((f) => f.key === 'useBias') as FieldSpec, 1)).toBe(
      'Use bias must be true or false (got 1)',
    );
  });
});

describe('resolveParams', () => {
  it('fills defaults, normalises single-int pairs, reports bad and unknown keys', () => {
    const r = resolveParams('conv', { filters: 0, kernelSize: 5, colour: 'red' });
    expect(r.params.kernelSize).toEqual([5, 5]);
    expect(r.params.filters).toBe(32);
    expect(r.params.padding).toBe('same');
    expect(r.errors).toEqual([
      { key: 'filters', message: 'Filters must be an integer between 1 and 4096 (got 0)' },
      { key: 'colour', message: "Conv has no parameter 'colour'" },
    ]);
  });

  it('stride > 1 with dilation > 1 is refused by checkParams', () => {
    const p = resolveParams('receptive-field-conv', { strides: [2, 2] }).params;
    expect(getBlockDef('receptive-field-conv').checkParams?.(p)).toEqual([
      'Strides 2×2 cannot be combined with dilation 2×2: TensorFlow requires strides 1 when dilation > 1',
    ]);
  });
});
