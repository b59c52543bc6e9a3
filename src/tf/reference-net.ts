import * as tf from '@tensorflow/tfjs';

/**
 * The small Sora-style reference net as plain tfjs layers, on 28×28×1: separable conv `filters[0]` → dilated (2)
 * conv `filters[1]` → 2×2 max-pool → separable conv `filters[2]` → global average → dense 10 (softmax); 3×3
 * kernels, same padding, ReLU. bench/train-speed-helpers.ts times it at 32/64/64, the training-loop tests
 * train it at 8/16/16.
 */
export function soraReferenceNet(filters: readonly [number, number, number]): tf.LayersModel {
  const [f1, f2, f3] = filters;
  const m = tf.sequential();
  m.add(tf.layers.separableConv2d({ inputShape: [28, 28, 1], filters: f1, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.conv2d({ filters: f2, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.separableConv2d({ filters: f3, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}
