/** Designs the browser benches train (bench/train-speed-browser.ts, bench/train-scaling-browser.ts). */
import { analyzeDesign } from '../src/core/graph/analyze';
import { createBlock, emptyDesign } from '../src/core/graph/factory';
import type { BlockKind, BlockParams, Design } from '../src/core/graph/types';

/** The reference net of bench/train-speed-helpers.ts (`referenceNet`, a tfjs model) as a Sora design. */
export function referenceDesign(): Design {
  const design = emptyDesign('Reference net');
  const chain: [BlockKind, Partial<BlockParams>][] = [
    ['input', { height: 28, width: 28, channels: 1 }],
    ['separable-conv', { filters: 32, kernelSize: [3, 3], activation: 'relu', padding: 'same', batchNorm: false }],
    ['receptive-field-conv', { filters: 64, kernelSize: [3, 3], dilation: [2, 2], activation: 'relu', padding: 'same', batchNorm: false }],
    ['max-pool', { poolSize: [2, 2], strides: [2, 2] }],
    ['separable-conv', { filters: 64, kernelSize: [3, 3], activation: 'relu', padding: 'same', batchNorm: false }],
    ['encoding', { pool: 'none', mode: 'global-avg', embeddingUnits: 0, dropout: 0 }],
    ['output', { units: 10, activation: 'softmax' }],
  ];
  let prev: string | null = null;
  chain.forEach(([kind, params], i) => {
    const block = createBlock(kind, design, { x: 0, y: i * 100 }, params);
    design.blocks.push(block);
    if (prev) design.edges.push({ id: `e_${prev}_${block.id}`, source: prev, target: block.id, targetIndex: 0 });
    prev = block.id;
  });
  const analysis = analyzeDesign(design);
  if (!analysis.valid) throw new Error(`reference design is invalid: ${JSON.stringify(analysis).slice(0, 400)}`);
  return design;
}
