/** Keras export bundle: keras_model.py + weights.npz (Keras layouts, keys 'layer/weight') + README.txt. */
import type { ExportFile } from './bundle';
import type { ExportModel } from './export-model';
import { generateKerasScript } from './keras-codegen';
import { kerasTrainScript } from './keras-train-script';
import { encodeNpz } from './npy';
import { DEFAULT_RECIPE, type TrainingRecipe } from './training-recipe';

export function exportKeras(model: ExportModel, recipe: TrainingRecipe = DEFAULT_RECIPE): ExportFile[] {
  const arrays = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const l of model.layers) for (const w of l.weights) arrays.set(`${l.name}/${w.key}`, { data: w.tensor.data, shape: w.tensor.shape });
  const readme = `Keras export of "${model.name}" (Sora Designer)

  keras_model.py  rebuilds the model with tf.keras layers (${model.layers.length} layers, ${model.paramCount} parameters),
                  loads weights.npz and can continue training with tf.distribute.MirroredStrategy
  weights.npz     ${arrays.size} arrays in Keras layout, keyed "<layer name>/<weight name>"
  train.py        trains it with the app run's recipe on one or many machines (MultiWorkerMirroredStrategy, TF_CONFIG)

  pip install tensorflow numpy
  python keras_model.py                  # build + load + parameter-count check + summary
  python keras_model.py --train-mnist 3  # multi-GPU training (MirroredStrategy), saves sora_finetuned.keras
  from keras_model import build_and_load; model = build_and_load()   # NHWC float32 input, like tfjs
  python train.py --data path/to/mnist   # IDX/CIFAR-10/class folders; set TF_CONFIG on each worker for a cluster
`;
  const enc = new TextEncoder();
  return [
    { path: 'keras_model.py', data: enc.encode(generateKerasScript(model)) },
    { path: 'train.py', data: enc.encode(kerasTrainScript(model, recipe)) },
    { path: 'weights.npz', data: encodeNpz(arrays) },
    { path: 'README.txt', data: enc.encode(readme) },
  ];
}
