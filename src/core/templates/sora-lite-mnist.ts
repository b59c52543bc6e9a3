import type { Design } from '../graph/types';
import { TemplateBuilder } from './builder';

/**
 * A small Sora network for MNIST (~50k params): separable convs with batch norm, one dilated
 * receptive-field conv, an encoding (max-pool + global average + dropout) and a softmax output.
 */
export function buildSoraLiteMnist(): Design {
  const b = new TemplateBuilder('Sora lite (MNIST)');
  const bn = { batchNorm: true, useBias: false, activation: 'relu' } as const;
  const input = b.add('input', { height: 28, width: 28, channels: 1 });
  b.chain(input, [
    ['separable-conv', { filters: 32, ...bn }],
    ['separable-conv', { filters: 64, ...bn }],
    ['max-pool', { poolSize: [2, 2], strides: [2, 2] }],
    ['receptive-field-conv', { filters: 64, dilation: [2, 2], ...bn }],
    ['separable-conv', { filters: 128, ...bn }],
    ['encoding', { pool: 'max', poolSize: [2, 2], mode: 'global-avg', embeddingUnits: 0, dropout: 0.25 }],
    ['output', { units: 10, activation: 'softmax' }],
  ]);
  return b.build();
}
