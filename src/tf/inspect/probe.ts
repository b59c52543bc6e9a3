import type * as tf from '@tensorflow/tfjs';
import { analyzeDesign } from '../../core/graph/analyze';
import type { Design } from '../../core/graph/types';
import { lastSpatialBlock, spatialBlocks } from '../../core/inspect/spatial-blocks';
import { designToKerasModel } from '../../core/keras/topology-writer';
import { compileDesign } from '../compile';
import { loadNamedWeights, type NamedWeightsBlob } from '../load-weights';
import { effectiveReceptiveField, type EffectiveField } from './effective-rf';
import { gradCam, imageActivations, type BlockActivations, type GradCam } from './feature-maps';

/**
 * What the Inspect tab asks the worker: the effective receptive field of one block, or the activations,
 * probabilities and Grad-CAM of one image. The model is a design with, optionally, trained weights (a run's);
 * without weights it is freshly initialised.
 */
export interface ProbeModel {
  design: Design;
  weights?: NamedWeightsBlob;
}

export type ProbeRequest =
  | { kind: 'field'; model: ProbeModel; blockId: string; sampleCount: number }
  | { kind: 'image'; model: ProbeModel; pixels: Float32Array; classIndex?: number; maxChannels?: number };

/** Images the effective receptive field is averaged over (HWC float32 concatenated). */
export interface ProbeImages {
  data: Float32Array;
  count: number;
  /** Where they come from, e.g. "32 MNIST test images". */
  source: string;
}

export interface ProbeWeightsNote {
  trained: boolean;
  /** Tensors of the model that the weights did not cover (they stay freshly initialised). */
  fresh: number;
}

export interface FieldProbeResult {
  kind: 'field';
  blockId: string;
  blockName: string;
  field: EffectiveField;
  imageSource: string;
  weights: ProbeWeightsNote;
}

export interface ImageProbeResult {
  kind: 'image';
  blocks: ({ blockId: string; blockName: string } & BlockActivations)[];
  probabilities: number[];
  /** Grad-CAM of `classIndex` (the predicted class when none was asked) over the last spatial block. */
  gradCam: ({ blockId: string; blockName: string } & GradCam) | null;
  weights: ProbeWeightsNote;
}

export type ProbeResult = FieldProbeResult | ImageProbeResult;

/** The buffers of a result, for postMessage's transfer list. */
export function probeTransfers(r: ProbeResult): ArrayBuffer[] {
  const arrays = r.kind === 'field' ? [r.field.map] : [...r.blocks.flatMap((b) => b.maps), ...(r.gradCam ? [r.gradCam.map] : [])];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** The last layer of each block (its output), by block id. */
function outputLayers(design: Design): Record<string, string> {
  const { blockLayers } = designToKerasModel(design);
  return Object.fromEntries(Object.entries(blockLayers).map(([id, layers]) => [id, layers[layers.length - 1]]));
}

function buildModel(m: ProbeModel): { model: tf.LayersModel; weights: ProbeWeightsNote } {
  const model = compileDesign(m.design);
  if (!m.weights) return { model, weights: { trained: false, fresh: 0 } };
  try {
    return { model, weights: { trained: true, fresh: loadNamedWeights(model, m.weights).fresh.length } };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/**
 * Runs one probe request (`images` is needed for 'field'). Compiles the model and disposes it afterwards;
 * `between` runs between batches of the effective receptive field (the worker yields to its event loop).
 */
export async function runProbe(request: ProbeRequest, images: ProbeImages | null, between?: () => Promise<void>): Promise<ProbeResult> {
  const analysis = analyzeDesign(request.model.design);
  const layers = outputLayers(request.model.design);
  const { model, weights } = buildModel(request.model);
  try {
    if (request.kind === 'field') {
      const block = analysis.byId[request.blockId];
      if (!block || !layers[request.blockId]) throw new Error('That block is not in the design (it may have been deleted).');
      if (!images) throw new Error('No images to average the receptive field over.');
      const field = await effectiveReceptiveField(model, layers[request.blockId], images.data, Math.min(images.count, request.sampleCount), between);
      return { kind: 'field', blockId: block.blockId, blockName: block.name, field, imageSource: images.source, weights };
    }
    const spatial = spatialBlocks(analysis);
    const acts = imageActivations(
      model,
      spatial.map((b) => layers[b.blockId]),
      request.pixels,
      request.maxChannels ?? 16,
    );
    const blocks = spatial.flatMap((b, i) => {
      const a = acts.blocks[i];
      return a ? [{ blockId: b.blockId, blockName: b.name, ...a }] : [];
    });
    const predicted = acts.probabilities.reduce((best, p, i, all) => (p > all[best] ? i : best), 0);
    const last = lastSpatialBlock(analysis);
    const cam = last ? gradCam(model, layers[last.blockId], request.pixels, request.classIndex ?? predicted) : null;
    return {
      kind: 'image',
      blocks,
      probabilities: acts.probabilities,
      gradCam: cam && last ? { blockId: last.blockId, blockName: last.name, ...cam } : null,
      weights,
    };
  } finally {
    model.dispose();
  }
}
