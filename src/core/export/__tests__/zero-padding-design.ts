import type { Design } from '../../graph/types';
import { TemplateBuilder } from '../../templates/builder';

/**
 * A design with Zero Padding blocks (compiled like the app does): asymmetric pads before a stride-2 'valid' conv
 * (PyTorch's padding=k//2 on an even input), symmetric pads before a 'valid' 3×3/2 max pool over ReLU outputs (the
 * ResNet stem pool), and pads (top 2, right 1) before a 'valid' depthwise conv. 12×12×3 → 13×14 → 6×6 → 8×8 → 3×3 → 5×4 → 3×2.
 */
export function zeroPaddingDesign(): Design {
  const b = new TemplateBuilder('Zero padding');
  const input = b.add('input', { height: 12, width: 12, channels: 3 });
  b.chain(input, [
    ['zero-padding', { top: 0, bottom: 1, left: 2, right: 0 }],
    ['conv', { filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'valid', activation: 'relu' }],
    ['zero-padding', { top: 1, bottom: 1, left: 1, right: 1 }],
    ['max-pool', { poolSize: [3, 3], strides: [2, 2], padding: 'valid' }],
    ['zero-padding', { top: 2, bottom: 0, left: 0, right: 1 }],
    ['depthwise-conv', { kernelSize: [3, 3], padding: 'valid', activation: 'tanh' }],
    ['flatten', {}],
    ['output', { units: 5, activation: 'softmax' }],
  ]);
  return b.build();
}
