import type { KerasClass } from './types';

export const Flatten: KerasClass = {
  takes: 'one',
  infer: (_layer, [x]) => ({ out: [x.reduce((a, b) => a * b, 1)], weights: [] }),
  torch(layer, _self, [x]) {
    const spatial = (layer.inDims[0] ?? []).length === 3;
    // Keras flattens NHWC: permute the NCHW tensor back first so every following Dense sees Keras' order.
    return { module: null, forward: spatial ? `torch.flatten(${x}.permute(0, 2, 3, 1), 1)` : x, state: [] };
  },
  kerasArgs: () => [],
  toBlock(r) {
    r.channelsLast();
    return { kind: 'flatten', params: {} };
  },
};
