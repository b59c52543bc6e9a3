import { mergeClass } from './shared/merge';

export const Average = mergeClass((ins) => `(${ins.join(' + ')}) / ${ins.length}.0`);
