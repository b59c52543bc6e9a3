/** tfjs export: a standard model.json (one manifest group) + weights.bin that stock tf.loadLayersModel loads. */
import type { ExportFile } from './bundle';
import type { ExportModel } from './export-model';
import { concatBytes } from './artifact';
import { expandedLayersOf } from './stock-tfjs';
import { tfjsModelFiles } from '../keras/model-json';
import { float32ToLeBytes } from './weight-decode';

function readme(model: ExportModel, valueCount: number, tensorCount: number, expanded: string[]): string {
  const dilated =
    expanded.length === 0
      ? ''
      : `
Dilated depthwise convolutions: stock @tensorflow/tfjs (4.22 and earlier) ignores a DepthwiseConv2D's
dilation_rate, so ${expanded.length === 1 ? 'layer' : 'layers'} ${expanded.map((n) => `'${n}'`).join(', ')} ${expanded.length === 1 ? 'is' : 'are'} written as the exactly
equivalent undilated DepthwiseConv2D: each k×k kernel with dilation d is zero-expanded to (k−1)·d+1 with
dilation 1 (same output sizes, same 'same' padding, same outputs). The original kernel size and dilation are
kept in model.json's userDefinedMetadata.sora, so Sora Designer re-opens this file with the original blocks.
`;
  return `tfjs export of "${model.name}" (Sora Designer)

  model.json   topology + weights manifest (format layers-model)
  weights.bin  ${tensorCount} float32 tensors, ${valueCount} values, little-endian${
    valueCount === model.paramCount
      ? ''
      : `
               (the model's ${model.paramCount} parameters plus the zeros of the expanded kernels below)`
  }

Load in the browser:  const model = await tf.loadLayersModel('https://host/path/model.json');
Load in Node:         tf.loadLayersModel('file:///abs/path/model.json')   (with @tensorflow/tfjs-node)
Convert for Keras:    tensorflowjs_converter --input_format tfjs_layers_model --output_format keras model.json model.h5

Plain @tensorflow/tfjs computes exactly what Sora Designer computed: no custom layers or patches are needed.
${dilated}`;
}

export function exportTfjs(model: ExportModel): ExportFile[] {
  const weights = model.manifestWeights;
  const files = tfjsModelFiles(
    {
      modelTopology: model.topology,
      weightSpecs: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' })),
      weightData: concatBytes(weights.map((w) => float32ToLeBytes(w.data))),
      ...(model.userDefinedMetadata ? { userDefinedMetadata: model.userDefinedMetadata } : {}),
    },
    'Sora Designer',
  );
  const written = JSON.parse(files.modelJson) as { userDefinedMetadata?: unknown };
  const expanded = expandedLayersOf(written.userDefinedMetadata).map((e) => e.layer);
  const valueCount = files.weightsBin.byteLength / 4;
  const enc = new TextEncoder();
  return [
    { path: 'model.json', data: enc.encode(files.modelJson) },
    { path: 'weights.bin', data: files.weightsBin },
    { path: 'README.txt', data: enc.encode(readme(model, valueCount, weights.length, expanded)) },
  ];
}
