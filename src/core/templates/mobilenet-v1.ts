import type { Design } from '../graph/types';
import { TemplateBuilder } from './builder';

/** [pointwise filters, depthwise stride] of MobileNet v1's 13 depthwise-separable blocks (alpha 1.0). */
const BLOCKS: readonly [number, number][] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

/**
 * Keras MobileNet v1 (alpha 1.0, 224×224×3, 1000 classes): 4,253,864 params, 568,740,352 MACs.
 * Stride-2 depthwise convs use 'same' padding, identical to Keras' ZeroPadding2D((0,1),(0,1)) + 'valid'
 * on even inputs. The 1×1 classifier conv of Keras is the equivalent Dense (Output) here.
 */
export function buildMobileNetV1(): Design {
  const b = new TemplateBuilder('MobileNet v1');
  const unit = { useBias: false, batchNorm: true, activation: 'relu6' } as const;
  let cur = b.add('input', { height: 224, width: 224, channels: 3 });
  cur = b.add('conv', { kernelSize: [3, 3], filters: 32, strides: [2, 2], padding: 'same', ...unit }, [cur]);
  for (const [filters, stride] of BLOCKS) {
    cur = b.add('depthwise-conv', { kernelSize: [3, 3], strides: [stride, stride], padding: 'same', ...unit }, [cur]);
    cur = b.add('conv', { kernelSize: [1, 1], filters, strides: [1, 1], padding: 'same', ...unit }, [cur]);
  }
  b.chain(cur, [
    ['global-pool', { mode: 'avg' }],
    ['dropout', { rate: 0.001 }],
    ['output', { units: 1000, activation: 'softmax', useBias: true }],
  ]);
  return b.build();
}
