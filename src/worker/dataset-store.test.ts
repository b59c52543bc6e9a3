import { describe, expect, it } from 'vitest';
import type { NamedBuffer } from '../data/dataset-errors';
import { holdOutTest, summarize } from '../data/dataset-split';
import { DatasetStore } from './dataset-store';
import { tinyDataset } from '../test-support/datasets';

function store() {
  const parsed: string[] = [];
  const s = new DatasetStore({
    parseFiles: async (files: readonly NamedBuffer[], label, shape) => {
      parsed.push(`${label}:${files.length}:${shape.join('x')}`);
      const split = holdOutTest(tinyDataset(20, 2, shape), 0.25);
      return { split, summary: summarize(label, split, 'held out', true) };
    },
    loadMnist: async () => {
      throw new Error('no MNIST here');
    },
  });
  return { s, parsed };
}

describe('DatasetStore', () => {
  it('parses stored files by id, once per image shape, and forgets dropped ids', async () => {
    const { s, parsed } = store();
    s.store('d1', 'shapes.zip', [{ name: 'shapes.zip', data: new ArrayBuffer(8) }]);
    const ref = { kind: 'stored' as const, id: 'd1', label: 'shapes.zip' };
    const a = await s.load(ref, [4, 4, 1]);
    expect(a.summary.imageShape).toEqual([4, 4, 1]);
    expect(await s.load(ref, [4, 4, 1])).toBe(a);
    await s.load(ref, [8, 8, 3]);
    expect(parsed).toEqual(['shapes.zip:1:4x4x1', 'shapes.zip:1:8x8x3']);
    s.drop('d1');
    expect(s.ids).toEqual([]);
    await expect(s.load(ref, [4, 4, 1])).rejects.toThrow(
      'The files of shapes.zip are no longer in the training worker (it was restarted): choose them again.',
    );
  });
});
