/// <reference lib="webworker" />
/**
 * The training worker: owns tfjs. Loads datasets, compiles designs (src/tf/compile.ts), picks the backend
 * (src/tf/backend-choice.ts), trains (src/tf/train-loop.ts), evaluates and exports, streaming TrainerEvents.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { browserImageDecoder } from '../data/image-folder';
import { loadMnistBrowser } from '../data/mnist-browser';
import { chooseTrainingBackend } from '../tf/backend-choice';
import { compileDesign } from '../tf/compile';
import { profileDesign } from '../tf/profile/profile-design';
import { probeTransfers, runProbe } from '../tf/inspect/probe';
import { loadNamedWeights } from '../tf/load-weights';
import { lrRangeTest } from '../tf/lr-range';
import { modelFilesFromModel } from '../tf/export/model-artifact';
import { describeWasmThreads, initWasmBackend, singleThreadWarning, type WasmInitResult } from '../tf/wasm/init-wasm';
import { registerSoraGradients } from '../tf/tf-setup';
import { registerWasmTrainingKernels } from '../tf/wasm/register-kernels';
import { tfTrainingSteps } from '../tf/pipeline/tf-steps';
import { loadUserFiles } from '../data/dataset-loader';
import { summarize } from '../data/dataset-split';
import { DatasetStore } from './dataset-store';
import type { TrainerCommand, TrainerEvent, WeightsBlob } from './protocol';
import { TrainerSession, type TrainerDeps } from './training-session';
import { describeError, isFatalError } from './worker-errors';
import { withDataParallel } from './parallel-training';
import { trainingWorkerThreads } from '../core/parallel/worker-count';
import { withBrowserDataParallel } from '../tf/parallel/browser-transport';

declare const self: DedicatedWorkerGlobalScope;

registerSoraGradients();
registerWasmTrainingKernels();
// The .wasm binaries are bundled as assets; tell tfjs-backend-wasm where Vite put them.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const post = (event: TrainerEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer);

/** User datasets by id (sent once by the page) and MNIST, loaded once. */
const datasets = new DatasetStore({
  parseFiles: (files, label, imageShape) => loadUserFiles(files, label, imageShape, browserImageDecoder),
  loadMnist: (baseUrl) => loadMnistBrowser({ baseUrl }).then((split) => ({ split, summary: summarize('MNIST', split, 't10k (10,000)', false) })),
});

/** Zero-delay macrotask (MessageChannel): lets queued pause/stop commands run between batches. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

async function saveArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('the model produced no artifacts');
  return saved;
}

function weightsOf(a: tf.io.ModelArtifacts): WeightsBlob {
  return {
    weightSpecs: (a.weightSpecs ?? []).map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype })),
    weightData: tf.io.CompositeArrayBuffer.join(a.weightData ?? new ArrayBuffer(0)),
  };
}

/** The training pipeline's tfjs steps (src/tf/pipeline), as `cli train` uses them. */
const tfSteps = tfTrainingSteps();

/** The wasm backend's threads once it has started (what a latency measurement reports). */
let wasmInit: WasmInitResult | undefined;

const deps: TrainerDeps<tf.LayersModel> = {
  loadDataset: (ref, imageShape) => datasets.load(ref, imageShape),
  storeDataset: (id, label, files) => datasets.store(id, label, files),
  dropDataset: (id) => datasets.drop(id),
  async prepareBackend(preferred) {
    let wasm: WasmInitResult | undefined;
    if (preferred === 'auto' || preferred === 'wasm') {
      // Leave one core to the page so dragging and charts stay smooth while the worker trains.
      wasm = await initWasmBackend({ threads: wasmThreads() }).catch(() => undefined);
      wasmInit = wasm ?? wasmInit;
    }
    const choice = await chooseTrainingBackend(preferred === 'auto' ? {} : { preferred });
    // A backend initialised earlier in this worker is not re-activated by a later choice (wasm after cpu).
    if (tf.getBackend() !== choice.backend) await tf.setBackend(choice.backend);
    const onWasm = choice.backend === 'wasm' && wasm != null;
    const reason = onWasm ? `${choice.reason} · ${describeWasmThreads(wasm!)}` : choice.reason;
    const warning = choice.warning ?? (onWasm ? singleThreadWarning(wasm!, self.crossOriginIsolated) : undefined);
    return { backend: choice.backend, reason, warning, tried: choice.tried.map((t) => `${t.backend}: ${t.error}`) };
  },
  compile: (design, seed) => compileDesign(design, { seed }),
  train: (model, data, config, callbacks) => tfSteps.train(model, data, config, callbacks),
  evaluate: tfSteps.evaluate,
  snapshotWeights: tfSteps.snapshotWeights,
  saveWeights: async (model) => weightsOf(await saveArtifacts(model)),
  loadWeights: (model, weights) => loadNamedWeights(model, weights),
  async exportModel(model) {
    // The same stock-tfjs model.json as `cli train --out` and the Export menu (core/keras/model-json.ts).
    const { modelJson, weightsBin } = await modelFilesFromModel(model);
    return { modelJson, weightsBin: weightsBin.slice().buffer };
  },
  lrRange: (model, data, config, range, hooks) => lrRangeTest(model, data, config, range, hooks),
  profile: (design, batches, runs) =>
    profileDesign(design, batches, {
      runs,
      threads: tf.getBackend() === 'wasm' && wasmInit ? (wasmInit.multithread ? wasmInit.threads : 1) : null,
      yieldToEvents,
    }),
  async runProbe(request, images) {
    const result = await runProbe(request, images, yieldToEvents);
    return { result, transfer: probeTransfers(result) };
  },
  dispose: (model) => model.dispose(),
  yieldToEvents,
  now: () => performance.now(),
};

/** XNNPACK threads of this worker's backend: all cores but one, left to the page (src/core/parallel/worker-count.ts). */
function wasmThreads(): number {
  return trainingWorkerThreads(navigator.hardwareConcurrency || 2);
}

// Data-parallel training over nested gradient workers (wasm runs on a cross-origin isolated page); the thread plan
// (planThreads) decides whether this worker computes a shard on its pool or only coordinates.
const parallel = withDataParallel(deps, {
  cores: navigator.hardwareConcurrency || 1,
  shared: self.crossOriginIsolated && typeof SharedArrayBuffer === 'function',
  ownThreads: () => (wasmInit ? (wasmInit.multithread ? wasmInit.threads : 1) : wasmThreads()),
  trainParallel: ([model, data, config, callbacks], plan) =>
    withBrowserDataParallel(model, { ...plan, batchSize: config.batchSize, numClasses: data.numClasses }, (runner) =>
      tfTrainingSteps(runner).train(model, data, config, callbacks),
    ),
});
const session = new TrainerSession(parallel.deps, post);

/** Errors nobody caught: named properly (never "[object ErrorEvent]"), flagged fatal when the backend is broken. */
const postUncaught = (prefix: string, err: unknown) => {
  const message = `${prefix}${describeError(err)}`;
  post({ type: 'error', message, ...(isFatalError(err) ? { fatal: true } : {}) });
};
self.onmessage = (ev: MessageEvent<TrainerCommand>) => {
  parallel.noteCommand(ev.data);
  session.handle(ev.data).catch((err: unknown) => postUncaught('Training worker error: ', err));
};
self.addEventListener('unhandledrejection', (ev) => postUncaught('Training worker error: ', ev.reason));
// An uncaught exception (a wasm thread may throw its ErrorEvent, which the page would only see as
// "Uncaught [object ErrorEvent]"): describe it here, where the thrown value is known. The page replaces a
// worker that reports an error without a run, so this one is not used again.
self.addEventListener('error', (ev) => {
  ev.preventDefault();
  post({ type: 'error', fatal: true, message: `The training worker crashed: ${describeError(ev)}` });
});

setInterval(() => post({ type: 'heartbeat', at: Date.now() }), 1000);
post({ type: 'ready' });
