import { analyzeDesign } from '../graph/analyze';
import { shownTotals } from '../graph/totals';
import type { Design } from '../graph/types';
import { bestValAccuracy, imagesPerSecond, representativeRun, trainingSeconds, type CompareRun } from './run-summary';

/** One row of the comparison table: a variant's costs and (when trained) its run's results. */
export interface ComparisonRow {
  variantId: string;
  name: string;
  valid: boolean;
  /** True when the design is invalid: costs are those of its resolved part (a lower bound). */
  partial: boolean;
  params: number;
  macs: number;
  flops: number;
  activationBytes: number;
  /** Receptive field height × width at the output, or null when unresolved. */
  receptiveField: [number, number] | null;
  runId: string | null;
  bestValAccuracy: number | null;
  testAccuracy: number | null;
  trainingSeconds: number | null;
  imagesPerSecond: number | null;
  backend: string | null;
}

export interface CompareVariant {
  id: string;
  name: string;
  design: Design;
}

/** Builds a row per variant (in the given order) from analyzeDesign and the variant's representative run. */
export function buildComparisonRows(variants: readonly CompareVariant[], runs: readonly CompareRun[]): ComparisonRow[] {
  return variants.map((v) => {
    const a = analyzeDesign(v.design);
    const { totals: t, partial } = shownTotals(a);
    const run = representativeRun(v.id, runs);
    return {
      variantId: v.id,
      name: v.name,
      valid: a.valid,
      partial,
      params: t.params,
      macs: t.macs,
      flops: t.flops,
      activationBytes: t.activationBytes,
      receptiveField: t.receptiveField ? [t.receptiveField.size[0], t.receptiveField.size[1]] : null,
      runId: run?.id ?? null,
      bestValAccuracy: run ? bestValAccuracy(run) : null,
      testAccuracy: run?.final?.testAccuracy ?? null,
      trainingSeconds: run ? trainingSeconds(run) : null,
      imagesPerSecond: run ? imagesPerSecond(run) : null,
      backend: run?.backend ?? null,
    };
  });
}

export const SORT_KEYS = [
  'name',
  'params',
  'macs',
  'flops',
  'activationBytes',
  'receptiveField',
  'bestValAccuracy',
  'testAccuracy',
  'trainingSeconds',
  'imagesPerSecond',
  'backend',
] as const;
export type CompareSortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

function sortValue(row: ComparisonRow, key: CompareSortKey): number | string | null {
  if (key === 'receptiveField') return row.receptiveField ? row.receptiveField[0] * row.receptiveField[1] : null;
  return row[key];
}

/** Sorted copy; missing values (untrained variants) always go last, whatever the direction. */
export function sortComparisonRows(rows: readonly ComparisonRow[], key: CompareSortKey, dir: SortDirection): ComparisonRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'string' || typeof y === 'string') return sign * String(x).localeCompare(String(y));
    return sign * (x - y);
  });
}

/** The accuracy plotted for a row: test accuracy when evaluated, else best validation accuracy. */
export function rowAccuracy(row: ComparisonRow): number | null {
  return row.testAccuracy ?? row.bestValAccuracy;
}
