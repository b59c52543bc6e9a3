import { mergeClass } from './shared/merge';

export const Multiply = mergeClass((ins) => ins.join(' * '));
