/** Generates keras_model.py: the model rebuilt with tf.keras layers, weights from weights.npz, MirroredStrategy training. */
import { kerasLayerCall, takesList } from '../keras/keras-layer-call';
import type { ExportModel } from './export-model';
import { pythonIdentifiers, pyStr, pyTuple } from './python-names';
import { outputsProbabilities } from './training-recipe';

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
    const arg = takesList(l.className) ? `[${ins.join(', ')}]` : ins[0];
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
