import type { Design } from '../graph/types';
import { buildMobileNetV1 } from './mobilenet-v1';
import { buildSeedBaseline } from './seed-baseline';
import { buildSoraFastMnist } from './sora-fast-mnist';
import { buildSoraLiteMnist } from './sora-lite-mnist';
import { buildSoraResidual } from './sora-residual';

export interface Template {
  id: string;
  name: string;
  description: string;
  build(): Design;
}

export const TEMPLATES: Template[] = [
  {
    id: 'seed-baseline',
    name: 'Seed baseline',
    description:
      'The origin article’s starting point on 224×224×3: separable conv, conv, pool, flatten, dense 256 — about 202M params, almost all in one dense layer.',
    build: buildSeedBaseline,
  },
  {
    id: 'sora-lite-mnist',
    name: 'Sora lite (MNIST)',
    description:
      'Small Sora net for 28×28 digits (~50k params): separable convs with batch norm, a dilated receptive-field conv, global-average encoding.',
    build: buildSoraLiteMnist,
  },
  {
    id: 'sora-fast-mnist',
    name: 'Sora fast (MNIST)',
    description:
      'The default: Sora blocks pooled early for CPU training speed (~51k params, 3.0M MACs, a quarter of Sora lite’s); reaches ≥99% on MNIST in one epoch.',
    build: buildSoraFastMnist,
  },
  {
    id: 'mobilenet-v1',
    name: 'MobileNet v1',
    description: 'Keras MobileNet v1 (alpha 1.0, 224×224×3, 1000 classes): 4,253,864 params, 569M MACs.',
    build: buildMobileNetV1,
  },
  {
    id: 'sora-residual',
    name: 'Sora residual',
    description: 'Sora blocks with a residual Add and a Concatenate of a dilated conv and a separable conv, for 28×28 digits.',
    build: buildSoraResidual,
  },
];

export function getTemplate(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
