/**
 * Whether this engine runs WebAssembly relaxed SIMD (f32x4.relaxed_madd): Chrome/Edge ≥ 114 and Firefox ≥ 120
 * do by default; Node 20 (V8 11.3) only behind `--experimental-wasm-relaxed-simd`, which
 * {@link enableRelaxedSimdInNode} sets for the process (worker threads included) before any module is compiled.
 */
import { FunctionWriter, drop, relaxedMadd, v128Zero, writeModule } from './wasm-emitter';

/** A module whose one function computes relaxed_madd(0, 0, 0) and drops it. */
const PROBE = writeModule({ shared: false }, [
  { writer: new FunctionWriter('probe', []), code: drop(relaxedMadd(v128Zero(), v128Zero(), v128Zero())) },
]);

let supported: boolean | null = null;

export function relaxedSimdSupported(): boolean {
  if (supported == null) {
    try {
      supported = typeof WebAssembly === 'object' && WebAssembly.validate(PROBE);
    } catch {
      supported = false;
    }
  }
  return supported;
}

/** In Node, turns V8's relaxed SIMD on (a no-op where it is on already); call before the first check. */
export async function enableRelaxedSimdInNode(): Promise<void> {
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  supported = null;
}
