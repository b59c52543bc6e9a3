import type { GraphAnalysis } from '../graph/analysis-types';
import type { ComparisonRow } from './rows';

/** A plain table: header cells and body rows of strings. */
export interface TextTable {
  header: string[];
  rows: string[][];
}

const pct = (v: number | null): string => (v === null ? '' : (v * 100).toFixed(2));
const num = (v: number | null, digits = 0): string => (v === null ? '' : digits === 0 ? String(Math.round(v)) : v.toFixed(digits));

/** The comparison table with exact numbers (accuracies in percent, time in seconds). */
export function comparisonTable(rows: readonly ComparisonRow[]): TextTable {
  return {
    header: [
      'Variant',
      'Params',
      'MACs',
      'FLOPs',
      'Activation bytes',
      'Receptive field',
      'Best val acc (%)',
      'Test acc (%)',
      'Training time (s)',
      'Images/s',
      'Backend',
    ],
    rows: rows.map((r) => [
      r.name,
      String(r.params),
      String(r.macs),
      String(r.flops),
      String(r.activationBytes),
      r.receptiveField ? `${r.receptiveField[0]}x${r.receptiveField[1]}` : '',
      pct(r.bestValAccuracy),
      pct(r.testAccuracy),
      num(r.trainingSeconds, 1),
      num(r.imagesPerSecond),
      r.backend ?? '',
    ]),
  };
}

/** The layers of one design: name, kind, output shape, params, MACs, FLOPs, receptive field. */
export function layersTable(analysis: GraphAnalysis): TextTable {
  return {
    header: ['Layer', 'Kind', 'Output shape', 'Params', 'MACs', 'FLOPs', 'Receptive field'],
    rows: analysis.blocks.map((b) => [
      b.name,
      b.kind,
      b.outputShape ? b.outputShape.join('x') : '?',
      String(b.cost?.params ?? 0),
      String(b.cost?.macs ?? 0),
      String(b.cost?.flops ?? 0),
      b.receptiveField ? `${b.receptiveField.size[0]}x${b.receptiveField.size[1]}` : '',
    ]),
  };
}

/** A plain decimal number (what the tables write for counts, percentages and seconds): safe to leave as is. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Formula injection guard: a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`,
 * which spreadsheets show as text. Cells that are plain numbers (e.g. `-0.5`, `+3`, `1e-4`) stay numbers:
 * a spreadsheet parses them as values, never as formulas.
 */
export function neutraliseFormula(c: string): string {
  return FORMULA_START.test(c) && !NUMBER.test(c) ? `'${c}` : c;
}

function csvCell(raw: string): string {
  const c = neutraliseFormula(raw);
  return /[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
}

/** RFC 4180 CSV (CRLF line ends, quotes doubled); formula-like text cells neutralised (see neutraliseFormula). */
export function toCsv(t: TextTable): string {
  return [t.header, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function mdCell(c: string): string {
  return c.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** GitHub-flavoured Markdown table; every column but the first is right-aligned. */
export function toMarkdown(t: TextTable): string {
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  const align = t.header.map((_, i) => (i === 0 ? ':---' : '---:'));
  return [line(t.header), line(align), ...t.rows.map(line)].join('\n') + '\n';
}
