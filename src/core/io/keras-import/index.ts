/** The Keras/tfjs importer lives in src/core/keras/import (see docs/keras-module.md); this path stays for old imports. */
export { importKerasModel, type KerasImport } from '../../keras/import/import-keras-model';
export { IMPORTABLE_LAYERS as SUPPORTED_LAYERS } from '../../keras/classes';
