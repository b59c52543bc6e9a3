import * as tf from '@tensorflow/tfjs';

/** tfjs weights as model.save writes them (the worker protocol's WeightsBlob). */
export interface NamedWeightsBlob {
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

/**
 * Writes the float32 weights of `blob` into the model variables of the same name (`conv/kernel`, …) and shape.
 * Variables without such a weight keep their values and are listed in `fresh`. Throws for a truncated blob.
 */
export function loadNamedWeights(model: tf.LayersModel, blob: NamedWeightsBlob): { loaded: number; fresh: string[] } {
  const byName = new Map<string, { shape: number[]; values: Float32Array }>();
  let offset = 0;
  for (const spec of blob.weightSpecs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32') throw new Error(`weight '${spec.name}' is ${spec.dtype}; only float32 weights can be loaded`);
    if ((offset + n) * 4 > blob.weightData.byteLength) throw new Error(`the weights data ends before weight '${spec.name}'`);
    byName.set(spec.name, { shape: spec.shape, values: new Float32Array(blob.weightData, offset * 4, n) });
    offset += n;
  }
  const fresh: string[] = [];
  let loaded = 0;
  for (const v of model.weights) {
    const w = byName.get(v.originalName);
    if (!w || w.shape.join() !== v.shape.join()) {
      fresh.push(v.originalName);
      continue;
    }
    const t = tf.tensor(w.values, w.shape, 'float32');
    v.write(t);
    t.dispose();
    loaded += 1;
  }
  return { loaded, fresh };
}
