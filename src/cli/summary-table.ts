import type { BlockStats, GraphAnalysis } from '../core/graph/analysis-types';
import type { ReceptiveField, Shape } from '../core/graph/types';
import { approxText, isBeyondExact } from '../core/graph/inexact-number';

/** The JSON printed by `stats --json` (shapes without the batch dimension). */
export interface StatsJson {
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  macs: number;
  flops: number;
  outputShape: number[] | null;
  layers: {
    name: string;
    kind: string;
    outputShape: number[] | null;
    params: number;
    macs: number;
    receptiveField: { size: [number, number]; jump: [number, number] } | null;
  }[];
}

function rf(f: ReceptiveField | null): StatsJson['layers'][number]['receptiveField'] {
  return f ? { size: [f.size[0], f.size[1]], jump: [f.jump[0], f.jump[1]] } : null;
}

export function statsJson(a: GraphAnalysis): StatsJson {
  const t = a.totals;
  return {
    params: t.params,
    trainableParams: t.trainableParams,
    nonTrainableParams: t.nonTrainableParams,
    macs: t.macs,
    flops: t.flops,
    outputShape: t.outputShape ? [...t.outputShape] : null,
    layers: a.blocks.map((b) => ({
      name: b.name,
      kind: b.kind,
      outputShape: b.outputShape ? [...b.outputShape] : null,
      params: b.cost?.params ?? 0,
      macs: b.cost?.macs ?? 0,
      receptiveField: rf(b.receptiveField),
    })),
  };
}

const int = (n: number): string => (isBeyondExact(n) ? approxText(n) : n.toLocaleString('en-US'));
const shapeText = (s: Shape | null): string => (s ? `(${s.join(', ')})` : '?');
const rfText = (f: ReceptiveField | null): string => (f ? `${f.size[0]}×${f.size[1]}` : '-');

/** Human-readable form of large counts: 1.23M, 45.6K. */
export function compact(n: number): string {
  if (n >= 1e15 || !Number.isFinite(n)) return approxText(n);
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

function row(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ')
    .trimEnd();
}

/** A Keras model.summary()-like table: layer (kind), output shape, params, MACs, receptive field, then totals. */
export function summaryTable(title: string, a: GraphAnalysis): string {
  const header = ['Layer (kind)', 'Output shape', 'Params', 'MACs', 'RF'];
  const body = a.blocks.map((b: BlockStats) => [
    `${b.name} (${b.kind})`,
    shapeText(b.outputShape),
    int(b.cost?.params ?? 0),
    int(b.cost?.macs ?? 0),
    rfText(b.receptiveField),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const width = widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
  const t = a.totals;
  const lines = [
    `Model: "${title}"`,
    '─'.repeat(width),
    row(header, widths),
    '═'.repeat(width),
    ...body.map((r) => row(r, widths)),
    '═'.repeat(width),
    `Total params: ${int(t.params)} (${compact(t.params)})`,
    `Trainable params: ${int(t.trainableParams)}`,
    `Non-trainable params: ${int(t.nonTrainableParams)}`,
    `MACs: ${int(t.macs)} (${compact(t.macs)})   FLOPs: ${int(t.flops)} (${compact(t.flops)})`,
    `Output shape: ${shapeText(t.outputShape)}   Receptive field: ${rfText(t.receptiveField)}` +
      (t.receptiveField ? ` (jump ${t.receptiveField.jump[0]}×${t.receptiveField.jump[1]})` : ''),
    `Activation memory: ${compact(t.activationBytes)}B total, peak ${compact(t.peakActivationBytes)}B (batch 1, float32)`,
  ];
  const warnings = a.issues.filter((i) => i.severity === 'warning');
  for (const w of warnings) lines.push(`warning: ${w.message}`);
  return lines.join('\n');
}
