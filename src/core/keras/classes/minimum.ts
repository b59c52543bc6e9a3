import { mergeClass } from './shared/merge';

export const Minimum = mergeClass((ins) => ins.slice(1).reduce((acc, v) => `torch.minimum(${acc}, ${v})`, ins[0]));
