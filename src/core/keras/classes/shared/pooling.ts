/** What MaxPooling2D and AveragePooling2D share: window reads, shape, Keras call and import. */
import { pyTuple } from '../../../export/python-names';
import type { Pair } from '../../json';
import { paddingArg } from '../../keras-script-helpers';
import { checkChannelsLast, paddingOf, pairOf } from '../../layer-config';
import { spatial, windowed } from '../../shape-helpers';
import type { ExportLayer } from '../../types';
import type { KerasClass } from '../types';

/** A 2-D pooling class; `forward` writes the PyTorch expression from the input, window, strides and 'same'. */
export function poolingClass(
  kind: 'max-pool' | 'avg-pool',
  forward: (x: string, kernel: string, strides: string, same: boolean) => string,
): KerasClass {
  const window = (l: ExportLayer): { k: Pair; s: Pair } => {
    const k = pairOf(l, 'pool_size', [2, 2]);
    return { k, s: pairOf(l, 'strides', k) };
  };
  return {
    takes: 'one',
    infer(layer, [x]) {
      checkChannelsLast(layer);
      const [h, w, ch] = spatial(layer, x);
      const pool = pairOf(layer, 'pool_size', [2, 2]);
      const [oh, ow] = windowed(layer, [h, w], pool, pairOf(layer, 'strides', pool), [1, 1]);
      return { out: [oh, ow, ch], weights: [] };
    },
    torch(layer, _self, [x]) {
      const { k, s } = window(layer);
      return { module: null, forward: forward(x, pyTuple(k), pyTuple(s), paddingOf(layer) === 'same'), state: [] };
    },
    kerasArgs(l) {
      const { k, s } = window(l);
      return [`pool_size=${pyTuple(k)}`, `strides=${pyTuple(s)}`, paddingArg(l)];
    },
    toBlock(r) {
      r.channelsLast();
      const poolSize = r.pair('pool_size', [2, 2]);
      return { kind, params: { poolSize, strides: r.pair('strides', poolSize), padding: r.padding() } };
    },
  };
}
