/**
 * train.py of the Keras bundle: trains the keras_model.py rebuild with the exported run's recipe under
 * tf.distribute.MultiWorkerMirroredStrategy (TF_CONFIG; model and optimizer built and compiled inside the scope;
 * BackupAndRestore for restarts). See docs/pytorch-training.md.
 */
import type { ExportModel } from './export-model';
import { PY_DATASETS } from './python-datasets';
import { pyStr } from './python-names';
import { outputsProbabilities, recipeFields, type TrainingRecipe } from './training-recipe';

function header(model: ExportModel, recipe: TrainingRecipe): string {
  return `"""Train the Keras rebuild of ${pyStr(model.name)} (keras_model.py) with the recipe of the Sora Designer run it was
exported from, on one machine or many with tf.distribute.MultiWorkerMirroredStrategy.

    python train.py --data DIR                   # one worker (all local GPUs, or CPU)
    # every worker of a cluster runs the same command with its own TF_CONFIG, e.g. on worker 0 of 2:
    TF_CONFIG='{"cluster": {"worker": ["host0:12345", "host1:12345"]}, "task": {"type": "worker", "index": 0}}' \\
        python train.py --data DIR

DIR holds IDX files (plain or .gz), CIFAR-10 binary batches or one sub-folder per class. --batch-size is the GLOBAL
batch. A restarted worker resumes from the last finished epoch (BackupAndRestore in OUT/backup). The chief writes
OUT/weights.npz in the layout keras_model.load_weights() reads.
"""
import argparse
import gzip
import json
import math
import os
import re
import struct
import sys
import time

import numpy as np
import tensorflow as tf
from tensorflow import keras

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from keras_model import INPUT_SHAPE, WEIGHT_KEYS, build_and_load, build_model  # noqa: E402

# The app run's training settings: the defaults of the flags below (limit / time limit are recorded, not applied).
RECIPE = json.loads(${pyStr(JSON.stringify(recipeFields(recipe)))})
OUTPUT_IS_PROBABILITIES = ${outputsProbabilities(model) ? 'True' : 'False'}

`;
}

const BODY = String.raw`

def parse_args():
    r = RECIPE
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder with IDX files (plain or .gz), CIFAR-10 binary batches, or one sub-folder per class")
    p.add_argument("--out", default=os.path.join(HERE, "trained"), help="weights.npz (chief) and the BackupAndRestore folder go here")
    p.add_argument("--epochs", type=int, default=r["epochs"])
    p.add_argument("--batch-size", type=int, default=r["batchSize"], help="GLOBAL batch, split over all replicas (default from the app run)")
    p.add_argument("--lr", type=float, default=r["learningRate"], help="peak learning rate")
    p.add_argument("--optimizer", choices=["adam", "sgd", "rmsprop"], default=r["optimizer"])
    p.add_argument("--momentum", type=float, default=r.get("momentum") or 0.0)
    p.add_argument("--schedule", choices=["cosine", "constant"], default=r.get("schedule") or "constant")
    p.add_argument("--validation-split", type=float, default=r["validationSplit"])
    p.add_argument("--seed", type=int, default=r["seed"])
    p.add_argument("--shift", type=int, default=(r.get("augment") or {}).get("shiftPixels", 0))
    p.add_argument("--flip", type=int, choices=[0, 1], default=int(bool((r.get("augment") or {}).get("flip", False))))
    p.add_argument("--limit", type=int, default=None, help="use only the first N training images")
    p.add_argument("--from-scratch", action="store_true", help="keep Keras' initial weights instead of loading weights.npz")
    return p.parse_args()


class WarmupCosine(keras.optimizers.schedules.LearningRateSchedule):
    """The app's schedule: linear warm-up (3% of the steps, 1..200) to the peak, then cosine decay to 0."""

    def __init__(self, peak, total_steps, cosine=True):
        super().__init__()
        self.peak, self.total_steps, self.cosine = float(peak), int(total_steps), bool(cosine)
        self.warm = max(1, min(200, int(math.floor(total_steps * 0.03 + 0.5))))

    def __call__(self, step):
        if not self.cosine or self.total_steps <= 1:
            return tf.constant(self.peak, tf.float32)
        step = tf.cast(step, tf.float32)
        warm = tf.cast(self.warm, tf.float32)
        warmup = self.peak * (step + 1.0) / warm
        progress = tf.clip_by_value((step - warm + 1.0) / max(1.0, float(self.total_steps - self.warm)), 0.0, 1.0)
        decay = self.peak * 0.5 * (1.0 + tf.cos(math.pi * progress))
        return tf.where(step < warm, warmup, decay)

    def get_config(self):
        return {"peak": self.peak, "total_steps": self.total_steps, "cosine": self.cosine}


class JsonLines(keras.callbacks.Callback):
    """One JSON line per epoch (on the chief worker)."""

    def __init__(self, chief):
        super().__init__()
        self.chief, self.t0 = chief, time.time()

    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = time.time()

    def on_epoch_end(self, epoch, logs=None):
        if self.chief:
            row = {"event": "epoch", "epoch": epoch + 1, "seconds": round(time.time() - self.t0, 3)}
            row.update({k: float(v) for k, v in (logs or {}).items()})
            print(json.dumps(row), flush=True)


def make_optimizer(name, lr, momentum):
    if name == "adam":
        return keras.optimizers.Adam(lr, epsilon=1e-7)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(lr, rho=0.9, epsilon=1e-7)
    return keras.optimizers.SGD(lr, momentum=momentum)


def task_info():
    """(task type, index, is chief) from TF_CONFIG: the chief (or worker 0 when there is no chief) writes the results."""
    cfg = json.loads(os.environ.get("TF_CONFIG", "{}"))
    task = cfg.get("task", {})
    kind, index = task.get("type", "worker"), int(task.get("index", 0))
    has_chief = "chief" in cfg.get("cluster", {})
    return kind, index, kind == "chief" or (not has_chief and kind == "worker" and index == 0)


def augment_fn(shift, flip, shape):
    h, w, _ = shape

    def apply(x, y):
        if shift > 0:
            x = tf.image.pad_to_bounding_box(x, shift, shift, h + 2 * shift, w + 2 * shift)
            x = tf.image.random_crop(x, shape)
        if flip:
            x = tf.image.random_flip_left_right(x)
        return x, y
    return apply


def main():
    args = parse_args()
    # MultiWorkerMirroredStrategy reads TF_CONFIG (cluster + this task); without it, it runs as one worker.
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    replicas = strategy.num_replicas_in_sync
    _, _, chief = task_info()
    shape = tuple(INPUT_SHAPE)
    (x_all, y_all), test, kind = load_dataset(args.data, shape)
    if args.limit:
        x_all, y_all = x_all[:args.limit], y_all[:args.limit]
    n_val = int(len(x_all) * args.validation_split)
    order = np.random.RandomState(args.seed ^ 0x5EED).permutation(len(x_all))
    train_idx, val_idx = order[n_val:], order[:n_val]
    x_train = x_all[train_idx].astype("float32") / 255.0
    y_train = y_all[train_idx]
    global_batch = max(1, args.batch_size // replicas) * replicas
    steps_per_epoch = math.ceil(len(x_train) / global_batch)
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(len(x_train), seed=args.seed)
                .map(augment_fn(args.shift, bool(args.flip), shape)).batch(global_batch).repeat().with_options(options))
    val_ds = None
    if n_val:
        val_ds = tf.data.Dataset.from_tensor_slices((x_all[val_idx].astype("float32") / 255.0, y_all[val_idx])).batch(global_batch).with_options(options)
    if chief:
        print(json.dumps({"event": "start", "replicas": replicas, "globalBatch": global_batch, "stepsPerEpoch": steps_per_epoch,
                          "dataset": kind, "trainImages": len(x_train), "valImages": int(n_val), "recipe": RECIPE}), flush=True)
    # Variables (model and optimizer) must be created inside the strategy's scope.
    with strategy.scope():
        model = build_model() if args.from_scratch else build_and_load()
        schedule = WarmupCosine(args.lr, steps_per_epoch * args.epochs, args.schedule == "cosine")
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=not OUTPUT_IS_PROBABILITIES)
        model.compile(optimizer=make_optimizer(args.optimizer, schedule, args.momentum), loss=loss, metrics=["accuracy"])
    # BackupAndRestore: a worker that dies and restarts resumes from the last finished epoch.
    backup = keras.callbacks.BackupAndRestore(backup_dir=os.path.join(args.out, "backup"))
    model.fit(train_ds, epochs=args.epochs, steps_per_epoch=steps_per_epoch, validation_data=val_ds,
              callbacks=[backup, JsonLines(chief)], verbose=0)
    result = {"event": "done"}
    if test is not None and chief:
        test_loss, test_acc = model.evaluate(test[0].astype("float32") / 255.0, test[1], batch_size=256, verbose=0)
        result.update({"testLoss": float(test_loss), "testAccuracy": float(test_acc), "testCount": int(len(test[0]))})
    # Every worker saves (collective ops); only the chief writes to --out, the others to a scratch folder.
    out = args.out if chief else os.path.join(args.out, "worker-scratch", str(task_info()[1]))
    os.makedirs(out, exist_ok=True)
    arrays = {}
    for layer_name, keys in WEIGHT_KEYS.items():
        for key, value in zip(keys, model.get_layer(layer_name).get_weights()):
            arrays[key] = value
    np.savez(os.path.join(out, "weights.npz"), **arrays)
    result["weights"] = os.path.join(out, "weights.npz")
    if chief:
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
`;

export function kerasTrainScript(model: ExportModel, recipe: TrainingRecipe): string {
  return header(model, recipe) + PY_DATASETS + BODY;
}
