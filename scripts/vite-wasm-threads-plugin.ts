import { runInNewContext } from 'node:vm';
import type { Plugin } from 'vite';

/**
 * Keeps tfjs-backend-wasm's thread bootstrap working in a minified build.
 *
 * tfjs-backend-wasm starts each XNNPACK thread worker from the *text* of its Emscripten module factory
 * (`factory.toString()` put in a Blob). The factory refers to `_scriptDir`, a variable of the enclosing
 * closure; a minifier renames it (e.g. to `e`) and may rewrite the `typeof` guard around it, so the thread
 * worker throws `ReferenceError: e is not defined` and training never starts. The dev server does not
 * minify, which is why only the production build broke.
 *
 * The fix: the factory's `toString` returns the package's own, untouched factory source (taken from the
 * file as published), so the text that reaches the thread workers never depends on how the bundle was
 * minified. The bundled copy still runs on the main worker as before.
 */
export const THREADED_FACTORY_FILE = /tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_NAME = 'WasmBackendModuleThreadedSimd';

/** The pristine source text of the module factory that the published file exports. */
export function pristineFactorySource(code: string): string {
  const module = { exports: {} as unknown };
  runInNewContext(code, { module, exports: module.exports });
  const factory = module.exports;
  if (typeof factory !== 'function') throw new Error(`${FACTORY_NAME}: the module did not export its factory function`);
  return Function.prototype.toString.call(factory);
}

/** The module code with a `toString` that returns the pristine factory source. */
export function withPristineFactoryText(code: string): string {
  const source = pristineFactorySource(code);
  if (!code.includes(`var ${FACTORY_NAME} =`)) throw new Error(`${FACTORY_NAME}: unexpected file layout`);
  return `${code}\n;${FACTORY_NAME}.toString = function () { return ${JSON.stringify(source)}; };\n`;
}

export function wasmThreadsPlugin(): Plugin {
  return {
    name: 'sora-wasm-threads-bootstrap',
    enforce: 'pre',
    transform(code, id) {
      if (!THREADED_FACTORY_FILE.test(id.split('?')[0])) return null;
      return { code: withPristineFactoryText(code), map: null };
    },
  };
}
