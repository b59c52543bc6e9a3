import { describe, expect, it } from 'vitest';
import { runBlock } from '../../test-support/run-block';

const ID = { size: [1, 1] as const, jump: [1, 1] as const };

describe('input and output', () => {
  it('input emits [H, W, C] with zero cost and a 1×1 field', () => {
    const r = runBlock('input', { height: 32, width: 24, channels: 3 }, []);
    expect(r.shape).toEqual([32, 24, 3]);
    expect(r.cost?.params).toBe(0);
    expect(r.rf).toEqual({ size: [1, 1], jump: [1, 1] });
  });

  it('output is a dense softmax on a vector', () => {
    const r = runBlock('output', { units: 10 }, [[128]]);
    expect(r.shape).toEqual([10]);
    expect(r.cost?.params).toBe(1290);
    expect(r.cost?.macs).toBe(1280);
    // 2*1280 + bias 10 + softmax 3*10
    expect(r.cost?.flops).toBe(2560 + 10 + 30);
  });

  it('output refuses a feature map with a hint', () => {
    const r = runBlock('output', {}, [[7, 7, 64]]);
    expect(r.code).toBe('vector-required');
    expect(r.error).toBe('Output needs a vector: add an Encoding or Flatten before it (got [7, 7, 64])');
  });
});

describe('encoding', () => {
  it('global-avg gives [C]; FLOPs H*W*C', () => {
    const r = runBlock('encoding', { mode: 'global-avg' }, [[7, 7, 128]]);
    expect(r.shape).toEqual([128]);
    expect(r.cost).toEqual({ params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, flops: 7 * 7 * 128 });
    expect(r.rf).toEqual({ size: [7, 7], jump: [7, 7] });
  });

  it('max pool (floor) then flatten, then a dense embedding', () => {
    const r = runBlock(
      'encoding',
      { pool: 'max', poolSize: [2, 2], mode: 'flatten', embeddingUnits: 64, embeddingActivation: 'relu', dropout: 0.5 },
      [[7, 7, 8]],
    );
    // pool 7→3, flatten 3*3*8 = 72, dense 72→64
    expect(r.shape).toEqual([64]);
    expect(r.cost?.params).toBe(72 * 64 + 64);
    expect(r.cost?.macs).toBe(72 * 64);
    expect(r.cost?.flops).toBe(72 * 4 + 2 * 72 * 64 + 64 + 64);
    // pool: 1 + 1 = 2, jump 2; whole 3×3 map: 2 + 2*2 = 6, jump 6
    expect(r.rf).toEqual({ size: [6, 6], jump: [6, 6] });
  });

  it('flatten without pooling keeps every position; vectors are refused', () => {
    expect(runBlock('encoding', { mode: 'flatten' }, [[5, 4, 3]]).shape).toEqual([60]);
    expect(runBlock('encoding', {}, [[60]]).code).toBe('vector-to-conv');
    expect(runBlock('encoding', { pool: 'avg', poolSize: [3, 3] }, [[2, 2, 1]]).code).toBe('kernel-too-large');
  });
});

describe('pooling, normalisation and element-wise helpers', () => {
  it('max-pool valid floors, same ceils; FLOPs = window per output element', () => {
    const v = runBlock('max-pool', {}, [[7, 7, 4]]);
    expect(v.shape).toEqual([3, 3, 4]);
    expect(v.cost?.flops).toBe(3 * 3 * 4 * 4);
    expect(runBlock('avg-pool', { padding: 'same' }, [[7, 7, 4]]).shape).toEqual([4, 4, 4]);
    expect(runBlock('avg-pool', { poolSize: [3, 3], strides: [1, 1] }, [[5, 5, 2]]).shape).toEqual([3, 3, 2]);
    expect(v.rf).toEqual({ size: [2, 2], jump: [2, 2] });
  });

  it('global-pool [H, W, C] → [C]', () => {
    const r = runBlock('global-pool', { mode: 'max' }, [[6, 5, 9]]);
    expect(r.shape).toEqual([9]);
    expect(r.cost?.flops).toBe(270);
    expect(r.rf).toEqual({ size: [6, 5], jump: [6, 5] });
  });

  it('batch-norm: 4·C params on the last axis, half trainable', () => {
    const r = runBlock('batch-norm', {}, [[8, 8, 16]]);
    expect(r.shape).toEqual([8, 8, 16]);
    expect(r.cost).toEqual({ params: 64, trainableParams: 32, nonTrainableParams: 32, macs: 0, flops: 2 * 1024 });
    expect(runBlock('batch-norm', {}, [[100]]).cost?.params).toBe(400);
  });

  it('activation, dropout and flatten', () => {
    expect(runBlock('activation', { activation: 'softmax' }, [[10]]).cost?.flops).toBe(30);
    expect(runBlock('activation', { activation: 'linear' }, [[10]]).cost?.flops).toBe(0);
    expect(runBlock('dropout', { rate: 0.3 }, [[4, 4, 2]]).shape).toEqual([4, 4, 2]);
    const f = runBlock('flatten', {}, [[3, 4, 5]], [{ size: [3, 3], jump: [2, 2] }]);
    expect(f.shape).toEqual([60]);
    // whole 3×4 map: 3 + 2*2 = 7 by 3 + 3*2 = 9
    expect(f.rf).toEqual({ size: [7, 9], jump: [6, 8] });
  });

  it('dense on a vector; refuses a map', () => {
    const r = runBlock('dense', { units: 256, useBias: false }, [[100]]);
    expect(r.cost?.params).toBe(25600);
    expect(runBlock('dense', {}, [[2, 2, 2]]).code).toBe('vector-required');
  });
});

describe('merges', () => {
  it('add needs identical shapes; FLOPs (n-1) per element; largest field', () => {
    const r = runBlock(
      'add',
      {},
      [
        [4, 4, 8],
        [4, 4, 8],
        [4, 4, 8],
      ],
      [ID, { size: [5, 3], jump: [1, 2] }, ID],
    );
    expect(r.shape).toEqual([4, 4, 8]);
    expect(r.cost?.flops).toBe(2 * 128);
    expect(r.rf).toEqual({ size: [5, 3], jump: [1, 2] });
    const bad = runBlock('add', {}, [
      [4, 4, 8],
      [4, 4, 16],
    ]);
    expect(bad.code).toBe('merge-shape-mismatch');
    expect(bad.error).toContain('input 1 is [4, 4, 8] and input 2 is [4, 4, 16]');
  });

  it('concatenate sums the channel axis; other axes must match', () => {
    expect(
      runBlock('concatenate', {}, [
        [4, 4, 8],
        [4, 4, 3],
        [4, 4, 1],
      ]).shape,
    ).toEqual([4, 4, 12]);
    expect(runBlock('concatenate', {}, [[10], [6]]).shape).toEqual([16]);
    const bad = runBlock('concatenate', {}, [
      [4, 4, 8],
      [2, 2, 8],
    ]);
    expect(bad.code).toBe('merge-shape-mismatch');
    expect(runBlock('concatenate', {}, [[4, 4, 8], [128]]).code).toBe('merge-shape-mismatch');
  });
});
