import { defineBlock } from './block-def';
import { denseCost, denseLayers, denseShape } from './dense-common';
import { activationField, unitsField, useBiasField } from './fields';
import { passField } from './shape-utils';

/** Sora Output: the Dense classifier (softmax over classes by default). */
export const outputDef = defineBlock({
  kind: 'output',
  label: 'Output',
  category: 'sora',
  description: 'Dense classifier producing one score per class (softmax probabilities by default).',
  view: { color: '#e07a10' },
  fields: [unitsField(10, 'Classes'), activationField('softmax'), useBiasField(true)],
  inputs: { min: 1, max: 1 },
  inferShape({ params: p, inputShapes }) {
    return denseShape(inputShapes, 'Output', p.units);
  },
  cost({ params: p, inputShapes }) {
    return denseCost(inputShapes[0][0], p.units, p.useBias, p.activation);
  },
  receptiveField(_ctx, fields) {
    return passField(fields);
  },
  keras: denseLayers,
});
