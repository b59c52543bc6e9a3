/** Replicas as Node worker threads (gradient-worker.ts, started through gradient-worker.mjs). */
import { Worker } from 'node:worker_threads';
import type { ReplicaHandle, SpawnReplica } from './transport';
import { errorMessage } from '../../core/result';

export const spawnNodeReplica: SpawnReplica = (init, events): ReplicaHandle => {
  const w = new Worker(new URL('./gradient-worker.mjs', import.meta.url), { workerData: init, execArgv: [] });
  let ending = false;
  w.on('message', (m: { type: string; message?: string }) => {
    if (m.type === 'ready') events.ready();
    else if (m.type === 'error') events.error(m.message ?? 'unknown error');
  });
  w.on('error', (e: unknown) => events.error(errorMessage(e)));
  w.on('exit', (code) => {
    if (!ending) events.exit(`exited (code ${code})`);
  });
  return {
    end: () =>
      new Promise<void>((resolve) => {
        ending = true;
        const timer = setTimeout(() => void w.terminate().then(() => resolve()), 5000);
        w.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
};
