import { defineBlock } from './block-def';
import { denseCost, denseLayers, denseShape } from './dense-common';
import { activationField, unitsField, useBiasField } from './fields';
import { passField } from './shape-utils';

/** Keras Dense on a vector (helper; the classifier is the Output block). */
export const denseDef = defineBlock({
  kind: 'dense',
  label: 'Dense',
  category: 'helper',
  description: 'Fully connected layer on a vector (Keras Dense).',
  view: { color: '#b8860b' },
  fields: [unitsField(128), activationField('relu'), useBiasField(true)],
  inputs: { min: 1, max: 1 },
  inferShape({ params: p, inputShapes }) {
    return denseShape(inputShapes, 'Dense', p.units);
  },
  cost({ params: p, inputShapes }) {
    return denseCost(inputShapes[0][0], p.units, p.useBias, p.activation);
  },
  receptiveField(_ctx, fields) {
    return passField(fields);
  },
  keras: denseLayers,
});
