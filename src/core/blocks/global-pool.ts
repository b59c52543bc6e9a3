import { defineBlock } from './block-def';
import { enumField } from './fields';
import { costOf, featureMapInput, ok, passField, wholeMapField } from './shape-utils';

/** Keras GlobalAveragePooling2D / GlobalMaxPooling2D: [H, W, C] → [C]. */
export const globalPoolDef = defineBlock({
  kind: 'global-pool',
  label: 'Global Pool',
  category: 'helper',
  description: 'Averages (or maxes) each channel over the whole feature map: [H, W, C] → [C].',
  view: { color: '#4682b4' },
  fields: [enumField('mode', 'Mode', 'avg', ['avg', 'max'])],
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
  keras: (p) => [{ suffix: '', cls: p.mode === 'max' ? 'GlobalMaxPooling2D' : 'GlobalAveragePooling2D', config: { data_format: 'channels_last' } }],
});
