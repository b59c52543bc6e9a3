import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest runs cores − 1 forks by default: one on a 2-core machine. Most time here is one file's own work (a wasm
    // training step, a torch subprocess), so two files side by side use both cores.
    maxWorkers: 2,
  },
});
