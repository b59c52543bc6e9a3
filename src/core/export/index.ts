/** Public API of the exporter (pure TS). */
export { assembleArtifact, decodeWeights, parseModelJson, type ModelJson, type TfjsArtifact, type WeightTensor } from './artifact';
export { EXPORT_FORMATS, exportArtifact, isExportFormat, zipExport, type ExportFile, type ExportFormat, type ExportResult } from './bundle';
export { ExportInputError } from './errors';
export { buildExportModel, type ExportLayer, type ExportModel } from './export-model';
export { SUPPORTED_LAYERS } from '../keras/classes';
