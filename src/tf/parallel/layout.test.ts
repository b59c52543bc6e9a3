import { describe, expect, it } from 'vitest';
import { allocateShared, elementCount, offsetsOf, replicaShards, shardBounds, slotLength, viewsOf } from './layout';

describe('data-parallel layout', () => {
  it('splits a batch into contiguous shards whose sizes differ by at most one', () => {
    expect(shardBounds(32, 2)).toEqual([
      [0, 16],
      [16, 32],
    ]);
    expect(shardBounds(7, 3)).toEqual([
      [0, 3],
      [3, 5],
      [5, 7],
    ]);
    expect(shardBounds(1, 2)).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('gives the coordinator no shard when it only coordinates', () => {
    expect(replicaShards({ replicas: 3, ownShard: false }, 7)).toEqual([
      [0, 0],
      [0, 4],
      [4, 7],
    ]);
    expect(replicaShards({ replicas: 3 }, 7)).toEqual(shardBounds(7, 3));
  });

  it('packs weights and slots without overlap', () => {
    const layout = {
      replicas: 2,
      batchSize: 4,
      imageShape: [2, 2, 1] as const,
      numClasses: 3,
      trainableShapes: [[2, 3], [3]],
      stateShapes: [[3]],
      weightShapes: [[2, 3], [3], [3]],
    };
    expect(elementCount(layout.trainableShapes)).toBe(9);
    expect(offsetsOf(layout.weightShapes)).toEqual([0, 6, 9]);
    expect(slotLength(layout)).toBe(9 + 3 + 2);
    const v = viewsOf(layout, allocateShared(layout));
    v.slot(1).fill(1);
    expect(Array.from(v.slot(0)).every((x) => x === 0)).toBe(true);
    expect(v.images.length).toBe(16);
    expect(v.weights.length).toBe(12);
  });
});
