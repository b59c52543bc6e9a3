import type { BlockParams } from '../graph/types';
import type { BlockDef } from './block-def';
import { costOf, featureMapInput, ok, passField, wholeMapField } from './shape-utils';

export interface GlobalPoolParams extends BlockParams {
  mode: 'avg' | 'max';
}

/** Keras GlobalAveragePooling2D / GlobalMaxPooling2D: [H, W, C] → [C]. */
export const globalPoolDef: BlockDef<GlobalPoolParams> = {
  kind: 'global-pool',
  label: 'Global Pool',
  category: 'helper',
  description: 'Averages (or maxes) each channel over the whole feature map: [H, W, C] → [C].',
  fields: [{ type: 'enum', key: 'mode', label: 'Mode', default: 'avg', options: ['avg', 'max'] }],
  inputs: { min: 1, max: 1 },
  inferShape({ inputShapes }) {
    const fm = featureMapInput(inputShapes, 'Global Pool');
    if (!fm.ok) return fm.result;
    return ok([fm.c]);
  },
  cost({ inputShapes }) {
    const [h, w, c] = inputShapes[0];
    return costOf(0, 0, 0, h * w * c);
  },
  receptiveField({ inputShapes }, fields) {
    const s = inputShapes[0];
    return wholeMapField(passField(fields), [s[0], s[1]]);
  },
};
