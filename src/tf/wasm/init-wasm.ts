/**
 * Starts the tfjs 'wasm' backend with training kernels, in Node (binaries read from node_modules) or
 * in a browser/worker (binaries served next to the bundle, or from `wasmPaths`).
 *
 * Threads: tfjs-wasm uses hardwareConcurrency/2 XNNPACK threads by default; we ask for all cores.
 * In Node tfjs-wasm never uses threads (WASM_HAS_MULTITHREAD_SUPPORT is false there), so it runs on one core.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './register-kernels';
import { enableRelaxedSimdInNode, relaxedSimdSupported } from './simd/relaxed-simd';

export interface WasmInitOptions {
  /** Folder (URL or file path ending in '/') holding the tfjs-backend-wasm*.wasm files. */
  wasmPaths?: string;
  /** XNNPACK threads (browser only); default: navigator.hardwareConcurrency. */
  threads?: number;
}

export interface WasmInitResult {
  threads: number;
  simd: boolean;
  multithread: boolean;
  /** Relaxed SIMD (fused multiply-add): the conv filter gradient and other generated kernels use it (simd/). */
  relaxedSimd: boolean;
}

let started: Promise<WasmInitResult> | null = null;

function isNode(): boolean {
  return typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
}

async function nodeWasmFolder(): Promise<string> {
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.join(path.dirname(entry), path.sep);
}

/** Initialises the wasm backend once and makes it the active backend. */
export function initWasmBackend(opts: WasmInitOptions = {}): Promise<WasmInitResult> {
  if (started == null) {
    started = (async () => {
      registerWasmTrainingKernels();
      if (isNode()) await enableRelaxedSimdInNode();
      const folder = opts.wasmPaths ?? (isNode() ? await nodeWasmFolder() : undefined);
      if (folder != null) setWasmPaths(folder);
      const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
      setThreadsCount(opts.threads ?? cores);
      const ok = await tf.setBackend('wasm');
      if (!ok) throw new Error('the wasm backend failed to initialise (could not load tfjs-backend-wasm .wasm files)');
      await tf.ready();
      return {
        threads: getThreadsCount(),
        simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
        multithread: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
        relaxedSimd: relaxedSimdSupported(),
      };
    })();
    started.catch(() => {
      started = null;
    });
    return started;
  }
  return started.then(async (r) => {
    if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
    return r;
  });
}

/** What the wasm backend runs on, for the backend line: "2 XNNPACK threads (threaded SIMD build) · relaxed-SIMD kernels". */
export function describeWasmThreads(r: WasmInitResult): string {
  const build = r.multithread ? 'threaded SIMD build' : r.simd ? 'single-threaded SIMD build' : 'single-threaded build';
  const kernels = r.relaxedSimd ? ' · relaxed-SIMD (FMA) kernels' : '';
  return `${r.threads} XNNPACK thread${r.threads === 1 ? '' : 's'} (${build})${kernels}`;
}

/**
 * Why wasm runs on one thread, or undefined when it runs threaded. WebAssembly threads need a
 * cross-origin isolated page (COOP/COEP headers, or the service-worker fallback).
 */
export function singleThreadWarning(r: WasmInitResult, crossOriginIsolated: boolean): string | undefined {
  if (r.multithread) return undefined;
  if (!crossOriginIsolated) {
    return 'WebAssembly threads are off: this page is not cross-origin isolated (the server sends no COOP/COEP headers and the service-worker fallback is not active), so training uses one core and one worker (data-parallel workers need SharedArrayBuffer too) and is slower';
  }
  return 'WebAssembly threads are not supported by this browser, so training uses one core and is slower';
}
