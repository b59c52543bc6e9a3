import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { nodeModulesFilesPlugin } from './vite-node-files-plugin.ts';

/** Served at the site root next to index.html (a service worker's scope is its own folder). */
export const COI_SCRIPT = 'coi-serviceworker.min.js';

/**
 * The `coi-serviceworker` fallback: on a static host that cannot send COOP/COEP headers (GitHub Pages),
 * the script registers a service worker that adds them and reloads once, so the page becomes
 * cross-origin isolated and tfjs-wasm can use threads. Where the headers are sent it does nothing.
 * The file comes from node_modules (never committed): served in dev/preview, copied into the build.
 */
export function coiServiceWorkerPlugin(): Plugin {
  const require = createRequire(import.meta.url);
  const path = join(dirname(require.resolve('coi-serviceworker/package.json')), COI_SCRIPT);
  return nodeModulesFilesPlugin('sora-coi-serviceworker', [{ url: `/${COI_SCRIPT}`, path, contentType: 'text/javascript; charset=utf-8' }]);
}
