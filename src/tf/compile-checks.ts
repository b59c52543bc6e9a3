import type * as tf from '@tensorflow/tfjs';
import type { GraphAnalysis } from '../core/graph/analysis-types';
import type { Design } from '../core/graph/types';
import { designToKerasModel } from '../core/keras/topology-writer';

export interface ModelCounts {
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
}

export interface ModelAnalysisComparison {
  counts: ModelCounts;
  /** Human-readable differences between the compiled model and the analysis (empty when they agree). */
  mismatches: string[];
}

const size = (w: tf.LayerVariable) => w.shape.reduce((a: number, b) => a * (b ?? 0), 1);
const same = (a: readonly (number | null)[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Compares a compiled model with the design's analysis: total / trainable / non-trainable params,
 * the model output shape and, per exported block, the output shape of the block's last layer.
 */
export function compareModelWithAnalysis(model: tf.LayersModel, design: Design, analysis: GraphAnalysis): ModelAnalysisComparison {
  const counts: ModelCounts = {
    params: model.countParams(),
    trainableParams: model.trainableWeights.reduce((a, w) => a + size(w), 0),
    nonTrainableParams: model.nonTrainableWeights.reduce((a, w) => a + size(w), 0),
  };
  const t = analysis.totals;
  const mismatches: string[] = [];
  if (counts.params !== t.params) mismatches.push(`params: model ${counts.params}, analysis ${t.params}`);
  if (counts.trainableParams !== t.trainableParams) mismatches.push(`trainable: model ${counts.trainableParams}, analysis ${t.trainableParams}`);
  if (counts.nonTrainableParams !== t.nonTrainableParams) {
    mismatches.push(`non-trainable: model ${counts.nonTrainableParams}, analysis ${t.nonTrainableParams}`);
  }
  const out = model.outputs[0].shape.slice(1);
  if (!t.outputShape || !same(out, t.outputShape)) mismatches.push(`output: model [${out}], analysis [${t.outputShape}]`);
  const { blockLayers } = designToKerasModel(design);
  for (const [blockId, layers] of Object.entries(blockLayers)) {
    const st = analysis.byId[blockId];
    const shape = model.getLayer(layers[layers.length - 1]).outputShape as (number | null)[];
    if (!st?.outputShape || !same(shape.slice(1), st.outputShape)) {
      mismatches.push(`${st?.name ?? blockId}: model [${shape.slice(1)}], analysis [${st?.outputShape}]`);
    }
  }
  return { counts, mismatches };
}
