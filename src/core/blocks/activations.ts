/** The activation functions a block may use (Keras names). Re-exported by src/core/graph/types.ts. */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];
