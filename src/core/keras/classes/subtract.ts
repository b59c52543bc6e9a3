import { mergeClass } from './shared/merge';

export const Subtract = mergeClass((ins) => `${ins[0]} - ${ins[1]}`, { exactly: 2 });
