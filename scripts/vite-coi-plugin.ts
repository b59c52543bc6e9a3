import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** Served at the site root next to index.html (a service worker's scope is its own folder). */
export const COI_SCRIPT = 'coi-serviceworker.min.js';

function coiScriptPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('coi-serviceworker/package.json')), COI_SCRIPT);
}

/**
 * The `coi-serviceworker` fallback: on a static host that cannot send COOP/COEP headers (GitHub Pages),
 * the script registers a service worker that adds them and reloads once, so the page becomes
 * cross-origin isolated and tfjs-wasm can use threads. Where the headers are sent it does nothing.
 * The file comes from node_modules (never committed): served in dev/preview, copied into the build.
 */
export function coiServiceWorkerPlugin(): Plugin {
  const file = coiScriptPath();
  let outDir = 'dist';
  const middleware = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    if ((req.url?.split('?')[0] ?? '') !== `/${COI_SCRIPT}`) return next();
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.end(readFileSync(file));
  };
  return {
    name: 'sora-coi-serviceworker',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    closeBundle() {
      if (existsSync(outDir)) copyFileSync(file, join(outDir, COI_SCRIPT));
    },
  };
}
