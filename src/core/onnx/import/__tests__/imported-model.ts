/** Test helpers: compile an imported design with tfjs (cpu), load the imported weights, predict on NCHW inputs. */
import * as tf from '@tensorflow/tfjs';
import { compileDesign } from '../../../../tf/compile';
import { registerSoraGradients } from '../../../../tf/tf-setup';
import type { Design } from '../../../graph/types';
import { type ImportedWeight, weightsBlob } from '../weight-layout';
import { loadNamedWeights } from '../../../../tf/load-weights';

export async function useCpu(): Promise<void> {
  registerSoraGradients();
  await tf.setBackend('cpu');
  await tf.ready();
}

/**
 * The compiled design with the imported weights set through the worker's loader (packed as a tfjs weights blob,
 * as the app stores them). Throws when a model variable has no imported weight of its name and shape.
 */
export function compileWithWeights(design: Design, weights: readonly ImportedWeight[]): tf.LayersModel {
  const model = compileDesign(design, { zeroInit: true });
  const r = loadNamedWeights(model, weightsBlob(weights));
  if (r.fresh.length > 0)
    throw new Error(`no imported weight for model variables ${r.fresh.join(', ')} (imported: ${weights.map((w) => w.name).join(', ')})`);
  if (r.loaded !== weights.length) throw new Error(`${weights.length - r.loaded} imported weights are not used by the model`);
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
