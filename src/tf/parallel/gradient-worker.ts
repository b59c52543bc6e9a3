/**
 * A data-parallel worker thread (Node worker_threads): its own tfjs-wasm backend and a replica of the model,
 * running the shared replica loop (replica-loop.ts). Started through gradient-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReplicaInit } from './transport';
import { errorMessage } from '../../core/result';

async function main(): Promise<void> {
  const d = workerData as ReplicaInit;
  const { initWasmBackend } = await import('../wasm/init-wasm');
  const { kerasJsonToModel } = await import('../compile');
  const { registerSoraGradients } = await import('../tf-setup');
  const { serveReplica } = await import('./replica-loop');
  await initWasmBackend();
  registerSoraGradients();
  const model = kerasJsonToModel(JSON.parse(d.topology), { zeroInit: true, seed: d.dropoutSeed, replica: d.replica });
  serveReplica(d, model, {
    ready: () => parentPort?.postMessage({ type: 'ready' }),
    error: (message) => parentPort?.postMessage({ type: 'error', message }),
  });
  model.dispose();
}

main().catch((e: unknown) => {
  parentPort?.postMessage({ type: 'error', message: errorMessage(e) });
});
