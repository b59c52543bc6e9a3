import type { Design } from '../core/graph/types';
import type { ImageDataset } from '../data/types';

/** Test-only helpers: tiny datasets, IDX bytes and a minimal design (no tfjs). */

export function tinyDataset(count: number, numClasses: number, shape: [number, number, number] = [2, 2, 1]): ImageDataset {
  const size = shape[0] * shape[1] * shape[2];
  const images = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % numClasses;
    images.fill(i / count, i * size, (i + 1) * size);
  }
  return { name: 'tiny', imageShape: shape, count, images, labels, numClasses };
}

export function idxImages(count: number, rows: number, cols: number): ArrayBuffer {
  const b = new Uint8Array(16 + count * rows * cols);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x803);
  v.setUint32(4, count);
  v.setUint32(8, rows);
  v.setUint32(12, cols);
  for (let i = 16; i < b.length; i++) b[i] = i % 256;
  return b.buffer;
}

export function idxLabels(labels: number[]): ArrayBuffer {
  const b = new Uint8Array(8 + labels.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x801);
  v.setUint32(4, labels.length);
  b.set(labels, 8);
  return b.buffer;
}

export function ioDesign(input: [number, number, number], classes: number): Design {
  return {
    name: 'test',
    blocks: [
      { id: 'in', kind: 'input', name: 'input', params: { height: input[0], width: input[1], channels: input[2] }, position: { x: 0, y: 0 } },
      { id: 'out', kind: 'output', name: 'output', params: { units: classes, activation: 'softmax', useBias: true }, position: { x: 0, y: 100 } },
    ],
    edges: [{ id: 'e', source: 'in', target: 'out', targetIndex: 0 }],
  };
}
