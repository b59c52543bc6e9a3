/** Test helpers: compile an imported design with tfjs (cpu), load the imported weights, predict on NCHW inputs. */
import * as tf from '@tensorflow/tfjs';
import { compileDesign } from '../../../../tf/compile';
import { registerSoraGradients } from '../../../../tf/tf-setup';
import type { Design } from '../../../graph/types';
import type { ImportedWeight } from '../weight-layout';

export async function useCpu(): Promise<void> {
  registerSoraGradients();
  await tf.setBackend('cpu');
  await tf.ready();
}

/**
 * The compiled design with the imported weights set. Throws when a model variable has no imported weight,
 * an imported weight is left over, or a shape differs.
 */
export function compileWithWeights(design: Design, weights: readonly ImportedWeight[]): tf.LayersModel {
  const model = compileDesign(design, { zeroInit: true });
  const byName = new Map(weights.map((w) => [w.name, w]));
  const values = model.weights.map((v) => {
    const w = byName.get(v.originalName);
    if (!w) throw new Error(`no imported weight for model variable '${v.originalName}' (imported: ${[...byName.keys()].join(', ')})`);
    if (w.shape.join() !== v.shape.join()) throw new Error(`'${v.originalName}': imported shape [${w.shape}] vs model [${v.shape}]`);
    byName.delete(v.originalName);
    return tf.tensor(w.values, w.shape, 'float32');
  });
  if (byName.size > 0) throw new Error(`imported weights not used by the model: ${[...byName.keys()].join(', ')}`);
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

/** Runs the model on an NCHW batch (as PyTorch takes it); returns the flat output. */
export function predictNchw(model: tf.LayersModel, input: { shape: number[]; values: number[] }): { shape: number[]; values: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor(input.values, input.shape, 'float32').transpose([0, 2, 3, 1]);
    const y = model.predict(x) as tf.Tensor;
    return { shape: y.shape, values: y.dataSync() as Float32Array };
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
