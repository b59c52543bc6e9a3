import { copyFileSync, createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** A file the app serves from node_modules at `url` (site-relative, starting with '/'). */
export interface ServedFile {
  url: string;
  path: string;
  contentType: string;
  cacheSeconds?: number;
}

/**
 * Serves files that live in node_modules (never committed) at their URLs in `vite` dev and `vite preview`, and
 * copies them into the build output at the same relative paths, so a static host serves them too.
 */
export function nodeModulesFilesPlugin(name: string, files: readonly ServedFile[]): Plugin {
  const byUrl = new Map(files.map((f) => [f.url, f]));
  const middleware = (req: { url?: string }, res: ServerResponse, next: () => void) => {
    const file = byUrl.get(req.url?.split('?')[0] ?? '');
    if (!file) return next();
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(statSync(file.path).size));
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (file.cacheSeconds) res.setHeader('Cache-Control', `max-age=${file.cacheSeconds}`);
    createReadStream(file.path).pipe(res);
  };
  let outDir = 'dist';
  return {
    name,
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
      if (!existsSync(outDir)) return;
      for (const f of files) {
        const target = join(outDir, f.url);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(f.path, target);
      }
    },
  };
}
