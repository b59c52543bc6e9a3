import { describe, expect, it } from 'vitest';
import { buildEvaluation, evaluationTransfers, EXAMPLES_PER_CELL, SAMPLE_PREDICTIONS } from './evaluation-report';
import { fitProblem, matchDesignToDataset } from '../data/dataset-fit';
import { tinyDataset } from '../test-support/datasets';
import { ioDesign } from '../test-support/designs';

describe('evaluation report', () => {
  it('picks wrong and right sample predictions and examples per confusion cell', () => {
    const data = tinyDataset(50, 2, [1, 2, 1]);
    // Every 5th image is mispredicted.
    const predictions = Uint8Array.from(data.labels, (l, i) => (i % 5 === 0 ? 1 - l : l));
    const e = buildEvaluation(data, {
      loss: 0.4,
      accuracy: 0.8,
      predictions,
      confidences: new Float32Array(50).fill(0.6),
      confusion: [
        [20, 5],
        [5, 20],
      ],
    });
    expect(e.samplePredictions.length).toBe(SAMPLE_PREDICTIONS);
    expect(e.samplePredictions.filter((s) => s.label !== s.predicted).length).toBe(SAMPLE_PREDICTIONS / 2);
    expect(e.cellExamples['0,1'].length).toBe(5);
    expect(e.cellExamples['0,0'].length).toBe(EXAMPLES_PER_CELL);
    expect(e.cellExamples['0,1'][0]).toMatchObject({ index: 0, label: 0, predicted: 1, confidence: expect.closeTo(0.6, 5) });
    expect([...e.cellExamples['0,1'][0].pixels]).toEqual([0, 0]);
    expect(evaluationTransfers(e).length).toBe(SAMPLE_PREDICTIONS + 5 + 5 + 2 * EXAMPLES_PER_CELL);
  });
});

describe('design / dataset fit', () => {
  const mnist = { name: 'MNIST', imageShape: [28, 28, 1] as [number, number, number], numClasses: 10 };
  it('explains shape and class mismatches', () => {
    expect(fitProblem(ioDesign([28, 28, 1], 10), mnist)).toBeNull();
    expect(fitProblem(ioDesign([28, 28, 1], 4), mnist)).toBe('The Output block has 4 classes but MNIST has 10.');
    expect(fitProblem(ioDesign([64, 64, 3], 2), { name: 'pets', imageShape: [64, 64, 3], numClasses: 2, resizable: true })).toBeNull();
    expect(fitProblem(ioDesign([64, 64, 4], 2), { name: 'pets', imageShape: [64, 64, 3], numClasses: 2, resizable: true })).toContain('4 channels');
  });
  it('matches the Input and Output blocks to the dataset', () => {
    const d = matchDesignToDataset(ioDesign([32, 32, 3], 4), mnist);
    expect(d.blocks[0].params).toMatchObject({ height: 28, width: 28, channels: 1 });
    expect(d.blocks[1].params).toMatchObject({ units: 10 });
    expect(fitProblem(d, mnist)).toBeNull();
  });
});
