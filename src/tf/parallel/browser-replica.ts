/**
 * The body of a browser gradient worker (src/worker/gradient.worker.ts is its entry): starts this worker's own
 * tfjs-wasm backend (bundled binaries; threads 1 = the single-threaded build), builds the replica from the
 * coordinator's topology and serves steps (replica-loop.ts) until the stop flag — blocking this worker.
 */
import * as tf from '@tensorflow/tfjs';
import { kerasJsonToModel } from '../compile';
import { registerSoraGradients } from '../tf-setup';
import { useBundledWasmBinaries } from '../wasm/bundled-binaries';
import { initWasmBackend } from '../wasm/init-wasm';
import type { GradientWorkerEvent, GradientWorkerStart } from './browser-transport';
import { serveReplica } from './replica-loop';
import { errorMessage } from '../../core/result';

export async function runBrowserReplica(start: GradientWorkerStart, post: (e: GradientWorkerEvent) => void): Promise<void> {
  try {
    registerSoraGradients();
    useBundledWasmBinaries();
    if (start.threads <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await initWasmBackend({ threads: Math.max(1, start.threads) });
    const model = kerasJsonToModel(JSON.parse(start.init.topology), { zeroInit: true, seed: start.init.dropoutSeed, replica: start.init.replica });
    serveReplica(start.init, model, { ready: () => post({ type: 'ready' }), error: (message) => post({ type: 'error', message }) });
    model.dispose();
  } catch (e) {
    post({ type: 'error', message: errorMessage(e) });
  }
}
