/**
 * Instantiates a generated kernel module over tfjs-wasm's own memory (as fma-conv.ts does), once per memory:
 * the kernels then read and write tensors in place at their heap byte addresses.
 */
import type { BackendWasm } from '../wasm-heap';

type EmscriptenMemoryHolder = { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };

/** tfjs-wasm's WebAssembly.Memory: `wasmMemory` in the threaded build, the instance export otherwise. */
export function backendMemory(backend: BackendWasm): WebAssembly.Memory | null {
  const m = backend.wasm as unknown as EmscriptenMemoryHolder;
  return m.wasmMemory ?? m.asm?.memory ?? null;
}

/**
 * One generated module's exports per backend memory. `bytes` gets whether the memory is shared (threaded build);
 * an engine that rejects the module (no wasm SIMD) gets null, remembered like a success.
 */
export class BackendModuleCache<T> {
  private readonly instances = new WeakMap<WebAssembly.Memory, T | null>();

  constructor(private readonly bytes: (sharedMemory: boolean) => Uint8Array<ArrayBuffer>) {}

  exportsFor(backend: BackendWasm): T | null {
    const memory = backendMemory(backend);
    if (memory == null || typeof WebAssembly !== 'object') return null;
    const known = this.instances.get(memory);
    if (known !== undefined) return known;
    const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = this.bytes(shared);
    let ex: T | null = null;
    if (WebAssembly.validate(bytes)) {
      ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as T;
    }
    this.instances.set(memory, ex);
    return ex;
  }
}
