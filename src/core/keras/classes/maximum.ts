import { mergeClass } from './shared/merge';

export const Maximum = mergeClass((ins) => ins.slice(1).reduce((acc, v) => `torch.maximum(${acc}, ${v})`, ins[0]));
