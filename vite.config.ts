import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { mnistDatasetPlugin } from './scripts/vite-mnist-plugin.ts';

/** Cross-origin isolation lets tfjs-wasm use SharedArrayBuffer threads. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), mnistDatasetPlugin()],
  server: { headers: isolationHeaders, host: '127.0.0.1' },
  preview: { headers: isolationHeaders, host: '127.0.0.1' },
  worker: { format: 'es' },
  // Pre-bundle tfjs for the worker: excluding tfjs-backend-wasm breaks its threaded worker import in dev.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
});
