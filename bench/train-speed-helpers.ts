/** Helpers for the Node training benches: the reference net or a named net, command-line options, the median and the table. */
import type * as tf from '@tensorflow/tfjs';
import { loadFileOrTemplate } from '../src/cli/load-input';
import { compileDesign } from '../src/tf/compile';
import { soraReferenceNet } from '../src/tf/reference-net';

/** separable 32 → dilated (2) conv 64 → max-pool → separable 64 → global-avg → dense 10 (softmax), 28×28×1. */
export function referenceNet(): tf.LayersModel {
  return soraReferenceNet([32, 64, 64]);
}

/** 'reference' (the reference net), a template id, a design file or a model.json, compiled with seed 1. */
export async function benchNet(ref: string): Promise<tf.LayersModel> {
  if (ref === 'reference') return referenceNet();
  const loaded = await loadFileOrTemplate(ref);
  if (!loaded.ok) throw new Error(loaded.error);
  return compileDesign(loaded.design, { seed: 1 });
}

/** The number after `--name` on the command line, or `fallback`. */
export function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The first command-line word that is neither an option nor an option's value, or `fallback`. */
export function netArgument(fallback: string): string {
  const argv = process.argv.slice(2);
  return argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--'))) ?? fallback;
}

export function medianOf(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Row {
  model: string;
  backend: string;
  imagesPerSecond: number;
  imagesPerCpuSecond: number;
}

export function renderTable(rows: Row[]): string {
  const head = ['model', 'backend', 'img/s (wall)', 'img/CPU-s', 'ms/batch (wall)'];
  const body = rows.map((r) => [
    r.model,
    r.backend,
    r.imagesPerSecond.toFixed(1),
    r.imagesPerCpuSecond.toFixed(1),
    ((64 / r.imagesPerSecond) * 1000).toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
