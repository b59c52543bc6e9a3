/**
 * Builds the app and prints the gzip size of each JS/CSS asset, flagging whether tfjs leaked into the
 * main bundle (it belongs in the training worker). Target: main bundle < 350 KB gzip.
 *
 *   npx tsx bench/bundle-size.ts
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const TARGET_MAIN_GZIP_KB = 350;
/** Strings that only tfjs code contains (kernel registry and backend names). */
const TFJS_MARKERS = ['registerKernel', 'tfjs-backend-wasm', 'WEBGL_VERSION'];

const root = join(import.meta.dirname, '..');
execFileSync('npx', ['vite', 'build', '--bypass-lock', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });

const assets = join(root, 'dist', 'assets');
const rows = readdirSync(assets)
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((f) => {
    const bytes = readFileSync(join(assets, f));
    const text = bytes.toString('utf8');
    return {
      file: f,
      kb: bytes.length / 1024,
      gzipKb: gzipSync(bytes, { level: 9 }).length / 1024,
      hasTfjs: TFJS_MARKERS.some((m) => text.includes(m)),
    };
  })
  .sort((a, b) => b.gzipKb - a.gzipKb);

console.log('asset'.padEnd(44), 'raw KB'.padStart(9), 'gzip KB'.padStart(9), ' tfjs?');
for (const r of rows) {
  console.log(r.file.padEnd(44), r.kb.toFixed(1).padStart(9), r.gzipKb.toFixed(1).padStart(9), r.hasTfjs ? ' yes' : ' no');
}
const main = rows.find((r) => r.file.startsWith('index-') && r.file.endsWith('.js'));
if (!main) throw new Error('no main bundle (dist/assets/index-*.js) found');
console.log(
  `\nmain bundle ${main.file}: ${main.gzipKb.toFixed(1)} KB gzip (target < ${TARGET_MAIN_GZIP_KB} KB) — ` +
    `${main.gzipKb < TARGET_MAIN_GZIP_KB ? 'OK' : 'OVER TARGET'}; tfjs in main bundle: ${main.hasTfjs ? 'YES (bad)' : 'no'}`,
);
