/** What GlobalAveragePooling2D and GlobalMaxPooling2D share. */
import { boolOf, checkChannelsLast } from '../../layer-config';
import { spatial } from '../../shape-helpers';
import type { KerasClass } from '../types';

/** A global 2-D pooling class; `torchFn` reduces over H and W ('torch.mean' / 'torch.amax'). */
export function globalPoolingClass(mode: 'avg' | 'max', torchFn: string): KerasClass {
  return {
    takes: 'one',
    infer(layer, [x]) {
      checkChannelsLast(layer);
      const [, , ch] = spatial(layer, x);
      return { out: boolOf(layer, 'keepdims', false) ? [1, 1, ch] : [ch], weights: [] };
    },
    torch(layer, _self, [x]) {
      const keep = boolOf(layer, 'keepdims', false) ? 'True' : 'False';
      return { module: null, forward: `${torchFn}(${x}, dim=(2, 3), keepdim=${keep})`, state: [] };
    },
    kerasArgs: (l) => (boolOf(l, 'keepdims', false) ? ['keepdims=True'] : []),
    toBlock(r) {
      r.channelsLast();
      if (r.bool('keepdims', false)) r.fail('keepdims=true is not supported');
      return { kind: 'global-pool', params: { mode } };
    },
  };
}
