import { describe, expect, it } from 'vitest';
import { DEFAULT_DETAILS_SIZES, DETAILS_SIZES_KEY, loadDetailsSizes, saveDetailsSize } from './pane-sizes';

function memoryStorage(init: Record<string, string> = {}) {
  const data = new Map(Object.entries(init));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('details panel sizes', () => {
  it('remembers a height per tab and keeps the other tab at its default', () => {
    const store = memoryStorage();
    expect(loadDetailsSizes(store)).toEqual(DEFAULT_DETAILS_SIZES);
    saveDetailsSize('layers', 44.44, store);
    expect(loadDetailsSizes(store)).toEqual({ ...DEFAULT_DETAILS_SIZES, layers: 44.4 });
    saveDetailsSize('train', 55, store);
    expect(loadDetailsSizes(store)).toEqual({ ...DEFAULT_DETAILS_SIZES, layers: 44.4, train: 55 });
  });

  it('ignores out-of-range sizes (a collapsed panel) and damaged entries', () => {
    const store = memoryStorage({ [DETAILS_SIZES_KEY]: '{"layers": 3, "train": "big"}' });
    expect(loadDetailsSizes(store)).toEqual(DEFAULT_DETAILS_SIZES);
    saveDetailsSize('layers', 2, store);
    saveDetailsSize('train', 95, store);
    expect(loadDetailsSizes(store)).toEqual(DEFAULT_DETAILS_SIZES);
    expect(loadDetailsSizes(memoryStorage({ [DETAILS_SIZES_KEY]: 'not json' }))).toEqual(DEFAULT_DETAILS_SIZES);
    expect(loadDetailsSizes(null)).toEqual(DEFAULT_DETAILS_SIZES);
  });
});
