import { describe, expect, it } from 'vitest';
import { datasetLabel } from './dataset-label';

describe('datasetLabel', () => {
  it('names one file, IDX sets, CIFAR-10 batches, and anything else by its first file', () => {
    expect(datasetLabel(['shapes.zip'])).toBe('shapes.zip');
    expect(datasetLabel(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'])).toBe(
      'IDX dataset',
    );
    expect(datasetLabel(['data_batch_1.bin', 'data_batch_2.bin', 'test_batch.bin'])).toBe('CIFAR-10 batches');
    expect(datasetLabel(['a.png', 'b.png', 'c.png'])).toBe('a.png + 2 more');
    expect(datasetLabel(['train-images-idx3-ubyte.gz', 'notes.txt'])).toBe('train-images-idx3-ubyte.gz + 1 more');
  });
});
