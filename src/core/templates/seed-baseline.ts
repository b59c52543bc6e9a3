import type { Design } from '../graph/types';
import { TemplateBuilder } from './builder';

/**
 * The origin article's baseline: one separable conv, one conv, max-pool, flatten and two dense
 * layers on a 224×224×3 input. Deliberately heavy: ~202M params, nearly all in the dense after flatten.
 */
export function buildSeedBaseline(): Design {
  const b = new TemplateBuilder('Seed baseline');
  const input = b.add('input', { height: 224, width: 224, channels: 3 });
  b.chain(input, [
    ['separable-conv', { kernelSize: [3, 3], filters: 32, activation: 'relu', padding: 'same' }],
    ['conv', { kernelSize: [3, 3], filters: 64, activation: 'relu', padding: 'valid' }],
    ['max-pool', { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }],
    ['flatten', {}],
    ['dense', { units: 256, activation: 'relu' }],
    ['output', { units: 10, activation: 'softmax' }],
  ]);
  return b.build();
}
