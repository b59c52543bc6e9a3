import { describe, expect, it } from 'vitest';
import { validateTrainConfig, DEFAULT_TRAIN_CONFIG } from './protocol';

describe('validateTrainConfig learning rate', () => {
  it('accepts a huge learning rate (it is allowed to diverge) and rejects non-positive / non-finite ones', () => {
    expect(validateTrainConfig({ ...DEFAULT_TRAIN_CONFIG, learningRate: 1000 })).toEqual([]);
    expect(validateTrainConfig({ ...DEFAULT_TRAIN_CONFIG, learningRate: 0 })).toEqual(['Learning rate must be a positive number, got 0']);
    expect(validateTrainConfig({ ...DEFAULT_TRAIN_CONFIG, learningRate: Number.POSITIVE_INFINITY })).toEqual([
      'Learning rate must be a positive number, got Infinity',
    ]);
  });
});
