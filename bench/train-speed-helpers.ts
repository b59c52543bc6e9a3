/** Helpers for bench/train-speed.ts: the reference net, the median and the table. */
import type * as tf from '@tensorflow/tfjs';
import { soraReferenceNet } from '../src/tf/reference-net';

/** separable 32 → dilated (2) conv 64 → max-pool → separable 64 → global-avg → dense 10 (softmax), 28×28×1. */
export function referenceNet(): tf.LayersModel {
  return soraReferenceNet([32, 64, 64]);
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
