import { describe, expect, it } from 'vitest';
import { useAppStore } from './store';
import { deleteVariantWeights, saveVariantWeights, variantWeights } from './variant-weights';

const blob = () => ({ weightSpecs: [{ name: 'fc/kernel', shape: [2], dtype: 'float32' as const }], weightData: new Float32Array([1, 2]).buffer });

describe('variant weights', () => {
  it('are looked up by variant id, follow a fork and go with a deleted variant', async () => {
    const s = useAppStore.getState();
    const id = s.createVariant(undefined, 'imported');
    await saveVariantWeights(id, blob());
    expect(variantWeights(id)?.weightSpecs[0].name).toBe('fc/kernel');
    const fork = useAppStore.getState().duplicateVariant(id);
    expect(variantWeights(fork)).toBe(variantWeights(id));
    useAppStore.getState().deleteVariant(id);
    expect(variantWeights(id)).toBeUndefined();
    expect(variantWeights(fork)).toBeDefined();
    await deleteVariantWeights(fork);
    expect(variantWeights(fork)).toBeUndefined();
  });
});
