import { poolingClass } from './shared/pooling';

export const MaxPooling2D = poolingClass('max-pool', (x, k, s, same) =>
  same ? `F.max_pool2d(tf_same_pad(${x}, ${k}, ${s}, (1, 1), float("-inf")), ${k}, ${s})` : `F.max_pool2d(${x}, ${k}, ${s})`,
);
