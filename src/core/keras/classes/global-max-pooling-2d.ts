import { globalPoolingClass } from './shared/global-pooling';

export const GlobalMaxPooling2D = globalPoolingClass('max', 'torch.amax');
