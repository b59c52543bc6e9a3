export { importOnnxModel, type OnnxImport } from './import-onnx-model';
export { SUPPORTED_OPS } from './ops';
export { weightsBlob, type ImportedWeight } from './weight-layout';
