import { designIO } from '../data/dataset-fit';
import type { ProbeImages, ProbeRequest, ProbeResult } from '../tf/inspect/probe';
import type { DatasetRef, TrainerCommand, TrainerEvent } from './protocol';
import type { LoadedDataset } from '../data/dataset-summary';
import { describeError, isFatalError } from './worker-errors';

/** What a probe (Inspect tab request) needs from the worker; tfjs stays behind `run`. */
export interface ProbeDeps {
  loadDataset(ref: DatasetRef, imageShape: [number, number, number]): Promise<LoadedDataset>;
  prepareBackend(preferred: 'auto'): Promise<unknown>;
  runProbe?(request: ProbeRequest, images: ProbeImages | null): Promise<{ result: ProbeResult; transfer: Transferable[] }>;
}

/** Images for the effective receptive field when the dataset does not match the Input (uniform noise, seeded). */
export function noiseImages(shape: readonly [number, number, number], count: number, seed = 1): ProbeImages {
  const data = new Float32Array(count * shape[0] * shape[1] * shape[2]);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 4294967296;
  }
  return { data, count, source: `${count} random-noise images (the dataset's images do not fit this Input)` };
}

/** The first `count` test images of the dataset when they fit the design's Input, else noise. */
async function fieldImages(deps: ProbeDeps, ref: DatasetRef | undefined, request: Extract<ProbeRequest, { kind: 'field' }>): Promise<ProbeImages> {
  const { inputShape } = designIO(request.model.design);
  if (!inputShape) throw new Error('The design has no Input block.');
  const count = Math.max(1, Math.min(256, Math.floor(request.sampleCount)));
  if (!ref) return noiseImages(inputShape, count);
  const { split, summary } = await deps.loadDataset(ref, inputShape);
  const test = split.test;
  if (test.imageShape.join() !== inputShape.join() || test.count === 0) return noiseImages(inputShape, count);
  const n = Math.min(count, test.count);
  const size = inputShape[0] * inputShape[1] * inputShape[2];
  return { data: test.images.slice(0, n * size), count: n, source: `${n} ${summary.name} test image${n === 1 ? '' : 's'}` };
}

let backend: Promise<unknown> | null = null;

/** Answers one 'probe' command with 'probe-result' or 'probe-error' (refused while the worker is `busy`). */
export async function handleProbe(
  cmd: Extract<TrainerCommand, { type: 'probe' }>,
  deps: ProbeDeps,
  post: (event: TrainerEvent, transfer?: Transferable[]) => void,
  busy: boolean,
): Promise<void> {
  const { requestId, request } = cmd;
  if (busy) {
    post({
      type: 'probe-error',
      requestId,
      message: 'The worker is busy (a run is training or a measurement is running); inspect once it finishes.',
    });
    return;
  }
  try {
    if (!deps.runProbe) throw new Error('This worker cannot inspect models.');
    backend ??= deps.prepareBackend('auto');
    await backend.catch((err: unknown) => {
      backend = null;
      throw err;
    });
    const images = request.kind === 'field' ? await fieldImages(deps, cmd.dataset, request) : null;
    const { result, transfer } = await deps.runProbe(request, images);
    post({ type: 'probe-result', requestId, result }, transfer);
  } catch (err) {
    post({ type: 'probe-error', requestId, message: describeError(err), ...(isFatalError(err) ? { fatal: true } : {}) });
  }
}
