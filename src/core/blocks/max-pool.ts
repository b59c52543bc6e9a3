import { makePoolDef } from './pool-common';

export const maxPoolDef = makePoolDef({
  kind: 'max-pool',
  label: 'Max Pool',
  description: 'Keeps the largest value of each window (Keras MaxPooling2D).',
  view: { color: '#6b8e23' },
  kerasClass: 'MaxPooling2D',
});
