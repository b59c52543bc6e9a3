/** Comparing variants: table rows, Pareto front, design diff, per-kind breakdown, CSV/Markdown and SVG pictures. */
export { breakdownByKind, stackedByKind, type KindCost } from './breakdown';
export { diffDesigns, formatParamValue, type ChangedBlock, type DesignDiff, type ParamChange } from './diff';
export { escapeXml, layoutBoxes, renderGraphSvg } from './graph-svg';
export { isParetoOptimal, paretoFront, type TradeoffPoint } from './pareto';
export {
  buildComparisonRows,
  rowAccuracy,
  sortComparisonRows,
  SORT_KEYS,
  type CompareSortKey,
  type CompareVariant,
  type ComparisonRow,
  type SortDirection,
} from './rows';
export {
  bestValAccuracy,
  epochEndX,
  imagesPerSecond,
  latestTrainedRun,
  representativeRun,
  runScore,
  trainingSeconds,
  type CompareRun,
  type CompareRunEpoch,
} from './run-summary';
export { comparisonTable, layersTable, toCsv, toMarkdown, type TextTable } from './table-export';
export { fileStem } from './file-stem';
// The trained-model exporters (trained-export.ts) are not re-exported: the UI loads them on first use, which keeps
// the exporters and the ONNX protobuf code out of the main bundle.
export type { ModelFiles, StoredWeightSpec } from './trained-export';
