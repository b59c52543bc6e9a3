/**
 * Test models (tfjs, cpu backend) covering every layer class the compiler emits, with random weights
 * (BN moving statistics included) and seeded random inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { compileDesign } from '../../../tf/compile';
import { registerSoraGradients } from '../../../tf/tf-setup';
import { getTemplate } from '../../templates';
import { zeroPaddingDesign } from './zero-padding-design';
import { seededRandom as mulberry32 } from '../../seeded-random';

export { mulberry32, zeroPaddingDesign };

/** cpu backend + the app's tfjs setup (dilated DepthwiseConv2D honoured, as in compileDesign-built models). */
export async function useCpu(): Promise<void> {
  registerSoraGradients();
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Replaces every weight with seeded uniform values; variances/gammas stay positive. */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const rnd = mulberry32(seed);
  const values = model.weights.map((w) => {
    const shape = w.shape as number[];
    const n = shape.reduce((a, b) => a * b, 1);
    const positive = /moving_variance|gamma/.test(w.originalName);
    const data = Float32Array.from({ length: n }, () => (positive ? 0.5 + rnd() : (rnd() - 0.5) * 0.8));
    return tf.tensor(data, shape, 'float32');
  });
  model.setWeights(values);
  values.forEach((v) => v.dispose());
}

export function randomInput(shape: number[], seed: number): tf.Tensor {
  const rnd = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rnd() * 2 - 1),
    shape,
  );
}

/** Dilated conv, separable conv (dm 2, stride 2, asymmetric 'same'), dilated depthwise, BN, swish, same pools, flatten+dense. */
function dilatedSeparable(): tf.LayersModel {
  const m = tf.sequential({ name: 'dilated_separable' });
  m.add(tf.layers.conv2d({ inputShape: [14, 14, 3], filters: 8, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.separableConv2d({ filters: 12, kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, activation: 'relu6' }));
  m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', dilationRate: 2 }));
  m.add(tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.9 }));
  m.add(tf.layers.activation({ activation: 'swish' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10 }));
  return m;
}

/** Functional: residual add, concatenate of same pools, even-kernel stride-2 conv, valid max pool, global avg, 2 outputs. */
function residualConcat(): tf.LayersModel {
  const input = tf.input({ shape: [11, 11, 4], name: 'image' });
  let a = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  a = tf.layers.batchNormalization({ epsilon: 0.01 }).apply(a) as tf.SymbolicTensor;
  a = tf.layers.reLU().apply(a) as tf.SymbolicTensor;
  let b = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  b = tf.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false }).apply(b) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
  const avg = tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(sum) as tf.SymbolicTensor;
  const mx = tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same' }).apply(sum) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ axis: -1 }).apply([sum, avg, mx]) as tf.SymbolicTensor;
  const feat = tf.layers
    .conv2d({ filters: 6, kernelSize: 2, strides: 2, padding: 'same', activation: 'tanh', name: 'features' })
    .apply(cat) as tf.SymbolicTensor;
  let h = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid' }).apply(feat) as tf.SymbolicTensor;
  h = tf.layers.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, name: 'logits' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [out, feat], name: 'residual_concat' });
}

/** Valid-padding stride-2 conv on an odd input, valid avg pool, valid separable, global max, dense + BN1d + dropout. */
function poolsValid(): tf.LayersModel {
  const m = tf.sequential({ name: 'pools_valid' });
  m.add(tf.layers.conv2d({ inputShape: [15, 15, 2], filters: 6, kernelSize: 5, strides: 2, padding: 'valid', activation: 'elu' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'valid' }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'valid' }));
  m.add(tf.layers.separableConv2d({ filters: 7, kernelSize: 1, padding: 'valid', depthMultiplier: 3, activation: 'selu' }));
  m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  m.add(tf.layers.globalMaxPooling2d({}));
  m.add(tf.layers.dense({ units: 9, activation: 'softplus' }));
  m.add(tf.layers.batchNormalization({}));
  m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return m;
}

/** Plain MLP on a rank-2 input. */
function mlp(): tf.LayersModel {
  const m = tf.sequential({ name: 'mlp' });
  m.add(tf.layers.dense({ inputShape: [20], units: 16, activation: 'relu' }));
  m.add(tf.layers.batchNormalization({ epsilon: 1e-5 }));
  m.add(tf.layers.dropout({ rate: 0.5 }));
  m.add(tf.layers.dense({ units: 4, activation: 'tanh' }));
  return m;
}

/** Zero padding, hard sigmoid, capped ReLU, Softmax layer, and a fan of dense activations concatenated on rank 2. */
function activationsMisc(): tf.LayersModel {
  const input = tf.input({ shape: [5, 5, 3] });
  let x = tf.layers
    .zeroPadding2d({
      padding: [
        [1, 2],
        [0, 3],
      ],
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'hardSigmoid' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 0.7 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.softmax({ axis: -1 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 6, activation: 'gelu' as 'relu' }).apply(x) as tf.SymbolicTensor;
  const acts = ['relu6', 'mish', 'gelu_new', 'selu', 'softsign', 'elu', 'softplus', 'tanh'] as const;
  const fan = acts.map((a) => tf.layers.dense({ units: 4, activation: a as 'relu' }).apply(x) as tf.SymbolicTensor);
  const cat = tf.layers.concatenate().apply(fan) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(cat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'activations_misc' });
}

export const TEST_MODELS: Record<string, () => tf.LayersModel> = {
  dilated_separable: dilatedSeparable,
  residual_concat: residualConcat,
  pools_valid: poolsValid,
  mlp,
  activations_misc: activationsMisc,
  zero_padding_design: () => compileDesign(zeroPaddingDesign()),
};

function template(id: string): () => tf.LayersModel {
  return () => {
    const t = getTemplate(id);
    if (!t) throw new Error(`template '${id}' is missing`);
    return compileDesign(t.build());
  };
}

/** The app's own templates compiled by compileDesign (28×28 ones; the 224×224 ones are too slow for cpu predict). */
export const TEMPLATE_MODELS: Record<string, () => tf.LayersModel> = {
  'sora-lite-mnist': template('sora-lite-mnist'),
  'sora-residual': template('sora-residual'),
};

export const ALL_TEST_MODELS: Record<string, () => tf.LayersModel> = { ...TEST_MODELS, ...TEMPLATE_MODELS };
