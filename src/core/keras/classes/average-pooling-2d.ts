import { poolingClass } from './shared/pooling';

/** TF averages over the window's in-bounds cells only: the generated `tf_avg_pool_same` does too. */
export const AveragePooling2D = poolingClass('avg-pool', (x, k, s, same) =>
  same ? `tf_avg_pool_same(${x}, ${k}, ${s})` : `F.avg_pool2d(${x}, ${k}, ${s})`,
);
