import type { Design } from '../graph/types';
import { TemplateBuilder } from './builder';

/**
 * A Sora network with a residual Add (two separable convs around a skip) and an Inception-like
 * Concatenate of a dilated receptive-field conv and a separable conv.
 */
export function buildSoraResidual(): Design {
  const b = new TemplateBuilder('Sora residual');
  const bn = { batchNorm: true, useBias: false, activation: 'relu' } as const;
  const input = b.add('input', { height: 28, width: 28, channels: 1 });
  const stem = b.add('separable-conv', { filters: 32, ...bn }, [input]);
  const r1 = b.add('separable-conv', { filters: 32, ...bn }, [stem], { col: 1 });
  const r2 = b.add('separable-conv', { filters: 32, ...bn }, [r1], { col: 1 });
  const sum = b.add('add', {}, [stem, r2]);
  const pool = b.add('max-pool', { poolSize: [2, 2], strides: [2, 2] }, [sum]);
  const wide = b.add('receptive-field-conv', { filters: 32, dilation: [2, 2], ...bn }, [pool], { col: -1 });
  const local = b.add('separable-conv', { filters: 32, ...bn }, [pool], { col: 1 });
  const cat = b.add('concatenate', {}, [wide, local]);
  b.chain(cat, [
    ['separable-conv', { filters: 64, ...bn }],
    ['max-pool', { poolSize: [2, 2], strides: [2, 2] }],
    ['encoding', { pool: 'none', mode: 'global-avg', embeddingUnits: 0, dropout: 0.2 }],
    ['output', { units: 10, activation: 'softmax' }],
  ]);
  return b.build();
}
