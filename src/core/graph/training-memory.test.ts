import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../templates';
import { analyzeDesign } from './analyze';
import { BROWSER_TRAINING_MEMORY_LIMIT, estimateTrainingMemory, formatLimit, trainingMemoryProblem } from './training-memory';

describe('training memory estimate', () => {
  it('adds weights, gradients, optimizer copies and batch activations (float32)', () => {
    const totals = { params: 1000, trainableParams: 900, activationElements: 5000 };
    const adam = estimateTrainingMemory(totals, 32, 'adam');
    expect(adam).toEqual({
      weightsBytes: 4000,
      gradientBytes: 3600,
      optimizerBytes: 7200,
      activationBytes: 2 * 32 * 5000 * 4,
      totalBytes: 4000 + 3600 + 7200 + 1_280_000,
    });
    expect(estimateTrainingMemory(totals, 32, 'sgd').optimizerBytes).toBe(0);
    expect(estimateTrainingMemory(totals, 32, 'sgd', 0.9).optimizerBytes).toBe(3600);
    expect(estimateTrainingMemory(totals, 1, 'adam').activationBytes).toBe(40_000);
  });

  it('lets every template but the 202M-parameter seed baseline train at batch 32 in the browser', () => {
    for (const t of TEMPLATES) {
      const a = analyzeDesign(t.build());
      const m = estimateTrainingMemory(a.totals, 32, 'adam');
      const problem = trainingMemoryProblem(m, 32, 'adam', BROWSER_TRAINING_MEMORY_LIMIT, 'in the browser');
      if (t.id === 'seed-baseline')
        expect(problem).toMatch(/^Training this design needs about 4\.89 GB \(weights 808 MB, .*more than the 2 GiB limit in the browser/);
      else expect(problem, t.id).toBeNull();
    }
  });

  it('refuses 1.6e9 parameters with the size and the limit', () => {
    const m = estimateTrainingMemory({ params: 1.6e9, trainableParams: 1.6e9, activationElements: 1e6 }, 32, 'adam');
    expect(trainingMemoryProblem(m, 32, 'adam', BROWSER_TRAINING_MEMORY_LIMIT, 'in the browser')).toBe(
      'Training this design needs about 25.9 GB (weights 6.40 GB, gradients 6.40 GB, Adam state 12.8 GB, activations for batch 32 256 MB), ' +
        'more than the 2 GiB limit in the browser. Make the design smaller.',
    );
  });

  it('suggests a smaller batch when activations dominate', () => {
    const m = estimateTrainingMemory({ params: 1e4, trainableParams: 1e4, activationElements: 5e8 }, 64, 'adam');
    expect(trainingMemoryProblem(m, 64, 'adam', 8 * 2 ** 30, 'for cli train (--memory-limit GB)')).toMatch(
      /^Training this design needs about 256 GB .*activations for batch 64 256 GB\), more than the 8 GiB limit for cli train \(--memory-limit GB\)\. Make the design smaller or lower the batch size\.$/,
    );
    expect(formatLimit(1.5 * 2 ** 30)).toBe('1.50 GiB');
  });
});
