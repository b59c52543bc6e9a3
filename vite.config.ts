import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { mnistDatasetPlugin } from './scripts/vite-mnist-plugin.ts';
import { coiServiceWorkerPlugin } from './scripts/vite-coi-plugin.ts';
import { wasmThreadsPlugin } from './scripts/vite-wasm-threads-plugin.ts';

/** Cross-origin isolation lets tfjs-wasm use SharedArrayBuffer threads. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative base: the build works from any folder of a static host (e.g. GitHub Pages project sites).
  base: './',
  plugins: [react(), mnistDatasetPlugin(), coiServiceWorkerPlugin()],
  server: { headers: isolationHeaders, host: '127.0.0.1' },
  preview: { headers: isolationHeaders, host: '127.0.0.1' },
  // The training worker and its nested data-parallel gradient workers (src/worker/gradient.worker.ts) bundle
  // tfjs-backend-wasm: its thread bootstrap must survive minification in every worker bundle.
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  // Pre-bundle tfjs for the worker: excluding tfjs-backend-wasm breaks its threaded worker import in dev.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
});
