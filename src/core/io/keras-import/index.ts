export { importKerasModel, type KerasImport } from './import-keras-model';
export { SUPPORTED_LAYERS } from './layer-map';
