import { pyFloat } from '../../export/python-names';
import type { SafeTensor } from '../../export/safetensors';
import { axisOf, boolOf, failLayer, numberOf } from '../layer-config';
import { f32, torchInputs, torchWeight } from '../torch-helpers';
import type { ExpectedWeight, ExportLayer } from '../types';
import type { KerasClass } from './types';

function bnState(layer: ExportLayer, n: number): [string, SafeTensor][] {
  const ones = new Float32Array(n).fill(1);
  const zeros = new Float32Array(n);
  return [
    ['weight', { data: torchWeight(layer, 'gamma')?.data ?? ones, shape: [n] }],
    ['bias', { data: torchWeight(layer, 'beta')?.data ?? zeros, shape: [n] }],
    ['running_mean', f32(torchWeight(layer, 'moving_mean')!)],
    ['running_var', f32(torchWeight(layer, 'moving_variance')!)],
    ['num_batches_tracked', { data: new BigInt64Array([0n]), shape: [] }],
  ];
}

export const BatchNormalization: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    const axis = axisOf(layer, 'axis', x.length + 1, -1);
    if (axis !== x.length) failLayer(layer, `only normalization over the last (channel) axis is supported, got axis ${axis}`);
    const n = x[x.length - 1];
    const ws: ExpectedWeight[] = [];
    if (boolOf(layer, 'scale', true)) ws.push({ key: 'gamma', shape: [n] });
    if (boolOf(layer, 'center', true)) ws.push({ key: 'beta', shape: [n] });
    ws.push({ key: 'moving_mean', shape: [n] }, { key: 'moving_variance', shape: [n] });
    return { out: x, weights: ws };
  },
  torch(layer, self, ins) {
    const t = torchInputs(layer, ins);
    const n = t.d[t.d.length - 1];
    const eps = numberOf(layer, 'epsilon', 1e-3);
    const momentum = 1 - numberOf(layer, 'momentum', 0.99);
    return {
      module: `nn.BatchNorm${t.spatial ? '2d' : '1d'}(${n}, eps=${pyFloat(eps)}, momentum=${pyFloat(Number(momentum.toPrecision(6)))})`,
      forward: `${self}(${t.x})`,
      state: bnState(layer, n),
    };
  },
  kerasArgs: (l) => [
    'axis=-1',
    `momentum=${pyFloat(numberOf(l, 'momentum', 0.99))}`,
    `epsilon=${pyFloat(numberOf(l, 'epsilon', 1e-3))}`,
    `center=${boolOf(l, 'center', true) ? 'True' : 'False'}`,
    `scale=${boolOf(l, 'scale', true) ? 'True' : 'False'}`,
  ],
  toBlock(r, ctx) {
    r.channelAxis(-1);
    if (!r.bool('center', true) || !r.bool('scale', true)) {
      ctx.warn(`layer '${ctx.layerName}' (BatchNormalization) has center/scale off; imported with both on (more params than the original)`);
    }
    return { kind: 'batch-norm', params: { epsilon: r.num('epsilon', 0.001), momentum: r.num('momentum', 0.99) } };
  },
};
