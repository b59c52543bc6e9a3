/** tfjs export: a standard model.json (one manifest group) + weights.bin, loadable by tf.loadLayersModel. */
import type { ExportFile } from './bundle';
import type { ExportModel } from './export-model';
import { concatBytes } from './artifact';
import { float32ToLeBytes } from './weight-decode';

export function exportTfjs(model: ExportModel): ExportFile[] {
  const weights = model.manifestWeights;
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'Sora Designer',
    convertedBy: null,
    modelTopology: model.topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })) }],
  };
  const readme = `tfjs export of "${model.name}" (Sora Designer)

  model.json   topology + weights manifest (format layers-model)
  weights.bin  ${weights.length} float32 tensors, ${model.paramCount} values, little-endian

Load in the browser:  const model = await tf.loadLayersModel('https://host/path/model.json');
Load in Node:         tf.loadLayersModel('file:///abs/path/model.json')   (with @tensorflow/tfjs-node)
Convert for Keras:    tensorflowjs_converter --input_format tfjs_layers_model --output_format keras model.json model.h5
`;
  const enc = new TextEncoder();
  return [
    { path: 'model.json', data: enc.encode(JSON.stringify(modelJson)) },
    { path: 'weights.bin', data: concatBytes(weights.map((w) => float32ToLeBytes(w.data))) },
    { path: 'README.txt', data: enc.encode(readme) },
  ];
}
