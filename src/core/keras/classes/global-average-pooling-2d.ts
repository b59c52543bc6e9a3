import { globalPoolingClass } from './shared/global-pooling';

export const GlobalAveragePooling2D = globalPoolingClass('avg', 'torch.mean');
