/** Generates keras_model.py: the model rebuilt with tf.keras layers, weights from weights.npz, MirroredStrategy training. */
import type { ExportLayer, ExportModel } from './export-model';
import { activationOf, axisOf, boolOf, intOf, numberOf, paddingOf, pairOf, zeroPaddingOf, type ActivationName } from './layer-params';
import { MERGE_LAYERS } from './layer-shapes';
import { pythonIdentifiers, pyFloat, pyStr, pyTuple } from './python-names';
import { outputsProbabilities } from './training-recipe';

/** Activations whose tf.keras string differs across Keras 2/3 (or is missing) get explicit functions. */
const ACT_FN: Partial<Record<ActivationName, string>> = {
  relu6: 'tf.nn.relu6',
  hard_sigmoid: 'tfjs_hard_sigmoid',
  mish: 'mish',
  gelu: 'gelu_exact',
  gelu_new: 'gelu_tanh',
  log_softmax: 'tf.nn.log_softmax',
  swish: 'tf.nn.silu',
};

function act(layer: ExportLayer): string {
  const a = activationOf(layer);
  return ACT_FN[a] ?? pyStr(a);
}

const pad = (l: ExportLayer): string => `padding=${pyStr(paddingOf(l))}`;
const useBias = (l: ExportLayer): string => `use_bias=${boolOf(l, 'use_bias', true) ? 'True' : 'False'}`;

/** `layers.<Class>(kwargs)` for one non-input layer. */
export function kerasLayerCall(l: ExportLayer): string {
  const k = (): string => `kernel_size=${pyTuple(pairOf(l, 'kernel_size', null))}`;
  const s = (): string => `strides=${pyTuple(pairOf(l, 'strides', [1, 1]))}`;
  const dil = (): string => `dilation_rate=${pyTuple(pairOf(l, 'dilation_rate', [1, 1]))}`;
  const dm = (): string => `depth_multiplier=${intOf(l, 'depth_multiplier', 1)}`;
  const rank = (l.inDims[0]?.length ?? 0) + 1;
  let args: string[];
  switch (l.className) {
    case 'Conv2D':
      args = [`filters=${intOf(l, 'filters')}`, k(), s(), pad(l), dil(), `activation=${act(l)}`, useBias(l)];
      break;
    case 'DepthwiseConv2D':
      args = [k(), s(), pad(l), dm(), dil(), `activation=${act(l)}`, useBias(l)];
      break;
    case 'SeparableConv2D':
      args = [`filters=${intOf(l, 'filters')}`, k(), s(), pad(l), dm(), dil(), `activation=${act(l)}`, useBias(l)];
      break;
    case 'Dense':
      args = [`units=${intOf(l, 'units')}`, `activation=${act(l)}`, useBias(l)];
      break;
    case 'BatchNormalization':
      args = [
        'axis=-1',
        `momentum=${pyFloat(numberOf(l, 'momentum', 0.99))}`,
        `epsilon=${pyFloat(numberOf(l, 'epsilon', 1e-3))}`,
        `center=${boolOf(l, 'center', true) ? 'True' : 'False'}`,
        `scale=${boolOf(l, 'scale', true) ? 'True' : 'False'}`,
      ];
      break;
    case 'Activation':
      args = [`activation=${act(l)}`];
      break;
    case 'ReLU': {
      const mv = l.config.max_value;
      args = [
        `max_value=${typeof mv === 'number' ? pyFloat(mv) : 'None'}`,
        `negative_slope=${pyFloat(numberOf(l, 'negative_slope', 0))}`,
        `threshold=${pyFloat(numberOf(l, 'threshold', 0))}`,
      ];
      break;
    }
    case 'LeakyReLU':
      args = [pyFloat(numberOf(l, 'alpha', numberOf(l, 'negative_slope', 0.3)))];
      break;
    case 'ELU':
      args = [`alpha=${pyFloat(numberOf(l, 'alpha', 1))}`];
      break;
    case 'Softmax':
      args = [`axis=${axisOf(l, 'axis', rank, -1)}`];
      break;
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const p = pairOf(l, 'pool_size', [2, 2]);
      args = [`pool_size=${pyTuple(p)}`, `strides=${pyTuple(pairOf(l, 'strides', p))}`, pad(l)];
      break;
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      args = boolOf(l, 'keepdims', false) ? ['keepdims=True'] : [];
      break;
    case 'Dropout':
    case 'SpatialDropout2D':
      args = [`rate=${pyFloat(numberOf(l, 'rate', 0))}`];
      break;
    case 'ZeroPadding2D': {
      const [t, b, left, r] = zeroPaddingOf(l);
      args = [`padding=((${t}, ${b}), (${left}, ${r}))`];
      break;
    }
    case 'Concatenate':
      args = [`axis=${axisOf(l, 'axis', rank, -1)}`];
      break;
    case 'Flatten':
      args = [];
      break;
    default:
      if (!MERGE_LAYERS.has(l.className)) throw new Error(`no Keras translation for layer class '${l.className}'`);
      args = [];
  }
  return `layers.${l.className}(${[...args, `name=${pyStr(l.name)}`].join(', ')})`;
}

export function generateKerasScript(model: ExportModel): string {
  const ids = pythonIdentifiers(model.layers.map((l) => l.name));
  const id = (n: string): string => ids.get(n)!;
  const build: string[] = [];
  for (const l of model.layers) {
    if (l.className === 'InputLayer') {
      build.push(`${id(l.name)} = keras.Input(shape=${pyTuple(l.outDims)}, name=${pyStr(l.name)})`);
      continue;
    }
    const ins = l.inbound.map(id);
    const arg = MERGE_LAYERS.has(l.className) || l.className === 'Concatenate' ? `[${ins.join(', ')}]` : ins[0];
    build.push(`${id(l.name)} = ${kerasLayerCall(l)}(${arg})  # -> [${l.outDims.join(', ')}]`);
  }
  build.push(
    `return keras.Model(inputs=[${model.inputs.map(id).join(', ')}], outputs=[${model.outputs.map(id).join(', ')}], name=${pyStr(model.name.replace(/[^A-Za-z0-9_]/g, '_'))})`,
  );
  const weightKeys = model.layers
    .filter((l) => l.weights.length > 0)
    .map((l) => `    ${pyStr(l.name)}: [${l.weights.map((w) => pyStr(`${l.name}/${w.key}`)).join(', ')}],`);
  const softmaxOut = outputsProbabilities(model);
  const firstInput = model.layers.find((l) => l.name === model.inputs[0])!;
  return `"""Keras rebuild of ${pyStr(model.name)} exported by Sora Designer (tf.keras, channels-last like tfjs).

    python keras_model.py                      # build, load weights.npz, check the parameter count
    python keras_model.py --train-mnist 3      # continue training on MNIST with tf.distribute.MirroredStrategy
    python keras_model.py --data data.npz      # ... or on your own arrays x (NHWC float32) and y (int labels)
"""
import argparse
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS_FILE = os.path.join(HERE, "weights.npz")
INPUT_SHAPE = ${pyTuple(firstInput.outDims)}
EXPECTED_PARAMS = ${model.paramCount}
# Keras layer name -> weights.npz keys, in layer.get_weights() order.
WEIGHT_KEYS = {
${weightKeys.join('\n')}
}


def tfjs_hard_sigmoid(x):
    """tfjs/Keras 2 hard sigmoid: clip(0.2 x + 0.5, 0, 1)."""
    return tf.clip_by_value(0.2 * x + 0.5, 0.0, 1.0)


def mish(x):
    return x * tf.math.tanh(tf.math.softplus(x))


def gelu_exact(x):
    return tf.nn.gelu(x, approximate=False)


def gelu_tanh(x):
    return tf.nn.gelu(x, approximate=True)


def build_model():
${build.map((l) => `    ${l}`).join('\n')}


def load_weights(model, path=WEIGHTS_FILE):
    data = np.load(path)
    for layer_name, keys in WEIGHT_KEYS.items():
        model.get_layer(layer_name).set_weights([data[k] for k in keys])
    return model


def build_and_load(path=WEIGHTS_FILE):
    model = load_weights(build_model(), path)
    assert model.count_params() == EXPECTED_PARAMS, (model.count_params(), EXPECTED_PARAMS)
    return model


def compile_model(model, learning_rate=1e-3):
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=${softmaxOut ? 'False' : 'True'})
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, metrics=["accuracy"])
    return model


def train_at_scale(x, y, epochs=3, batch_size_per_replica=128, learning_rate=1e-3):
    """Continues training on every visible GPU with tf.distribute.MirroredStrategy (synchronous data parallel).

    x: NHWC float32 array (same layout as tfjs), y: integer class labels for the (first) output.
    """
${model.outputs.length > 1 ? `    raise NotImplementedError("this model has ${model.outputs.length} outputs: give compile_model() one loss per output first")\n` : ''}    strategy = tf.distribute.MirroredStrategy()
    print("replicas:", strategy.num_replicas_in_sync)
    global_batch = batch_size_per_replica * strategy.num_replicas_in_sync
    with strategy.scope():
        model = compile_model(build_and_load(), learning_rate)
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x)).batch(global_batch).prefetch(tf.data.AUTOTUNE)
    model.fit(ds, epochs=epochs)
    return model


def _mnist():
    (x, y), _ = keras.datasets.mnist.load_data()
    return (x.astype("float32") / 255.0).reshape((-1,) + INPUT_SHAPE), y.astype("int64")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train-mnist", type=int, metavar="EPOCHS", default=0)
    parser.add_argument("--data", help="npz with x (NHWC float32) and y (integer labels)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out", default="sora_finetuned.keras")
    args = parser.parse_args()
    if args.train_mnist or args.data:
        if args.data:
            arrays = np.load(args.data)
            xs, ys = arrays["x"].astype("float32"), arrays["y"]
        else:
            xs, ys = _mnist()
        trained = train_at_scale(xs, ys, epochs=args.train_mnist or args.epochs)
        trained.save(args.out)
        print("saved", args.out)
    else:
        net = build_and_load()
        net.summary()
        print("weights loaded; parameters:", net.count_params())
`;
}
