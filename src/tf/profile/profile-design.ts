import type { Design } from '../../core/graph/types';
import { designToKerasModel } from '../../core/keras/topology-writer';
import { kerasJsonToModel } from '../compile';
import { registerSoraGradients } from '../tf-setup';
import { profileModel, type ProfileOptions } from './profile-model';
import type { LatencyProfile } from '../../core/profile/latency-types';

/**
 * Compiles a design (fresh weights) and profiles it at each batch size on the current backend, in order.
 * Throws with the first analysis error for an invalid design; the model is disposed afterwards.
 */
export async function profileDesign(design: Design, batches: number[], options: Omit<ProfileOptions, 'batch'> = {}): Promise<LatencyProfile[]> {
  registerSoraGradients();
  const { model: json, blockLayers } = designToKerasModel(design);
  const model = kerasJsonToModel(json);
  try {
    const out: LatencyProfile[] = [];
    for (const batch of batches) out.push(await profileModel(design, model, blockLayers, { ...options, batch }));
    return out;
  } finally {
    model.dispose();
  }
}
