import { makePoolDef } from './pool-common';

export const avgPoolDef = makePoolDef({
  kind: 'avg-pool',
  label: 'Avg Pool',
  description: 'Averages each window (Keras AveragePooling2D).',
  view: { color: '#c71585' },
  kerasClass: 'AveragePooling2D',
});
