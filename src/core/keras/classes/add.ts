import { mergeClass } from './shared/merge';

export const Add = mergeClass((ins) => ins.join(' + '), { toBlock: () => ({ kind: 'add', params: {} }) });
