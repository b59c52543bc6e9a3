import * as tf from '@tensorflow/tfjs';

/**
 * Per-kernel wall time of a backend's kernels without tf.profile: every registered kernel function is wrapped
 * with a timer, and time spent in kernels called from inside another kernel (our wasm kernels call XNNPACK ones)
 * counts for the inner kernel only (self time). What is not inside any kernel (tape, layers, engine bookkeeping,
 * gradient functions' JS) is the step's wall time minus the kernels' total.
 *
 * tf.profile is not used because it reads every kernel's output back and keeps all tensors it saw alive, which
 * changes both the timings and the memory behaviour of a training step.
 */

export interface KernelTime {
  /** Kernel name and input shapes, e.g. "Conv2D 64×7×7×64, 3×3×64×64". */
  key: string;
  name: string;
  ms: number;
  calls: number;
}

type AnyKernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => unknown;

const ORIGINAL = Symbol.for('sora.kernelTimerOriginal');
type Wrapped = AnyKernelFunc & { [ORIGINAL]?: AnyKernelFunc };

function shapeKey(name: string, inputs: tf.NamedTensorInfoMap): string {
  const shapes = Object.values(inputs).map((t) => (t == null ? '-' : t.shape.length === 0 ? 'scalar' : t.shape.join('×')));
  return `${name} ${shapes.join(', ')}`;
}

export class KernelTimer {
  private readonly times = new Map<string, KernelTime>();
  private readonly stack: number[] = [];
  private readonly backendName: string;
  private installed = false;

  constructor(backendName: string) {
    this.backendName = backendName;
  }

  /** Wraps every kernel of the backend (call after the backend has initialised, so set-up functions have run). */
  install(): void {
    if (this.installed) return;
    for (const config of tf.getKernelsForBackend(this.backendName)) {
      const original = config.kernelFunc as unknown as Wrapped;
      if (original[ORIGINAL]) continue;
      const name = config.kernelName;
      const wrapped: Wrapped = (args) => this.run(name, args, original);
      wrapped[ORIGINAL] = original;
      tf.unregisterKernel(name, this.backendName);
      tf.registerKernel({ ...config, kernelFunc: wrapped as unknown as tf.KernelFunc });
    }
    this.installed = true;
  }

  /** Puts the original kernel functions back. */
  uninstall(): void {
    if (!this.installed) return;
    for (const config of tf.getKernelsForBackend(this.backendName)) {
      const original = (config.kernelFunc as unknown as Wrapped)[ORIGINAL];
      if (!original) continue;
      tf.unregisterKernel(config.kernelName, this.backendName);
      tf.registerKernel({ ...config, kernelFunc: original as unknown as tf.KernelFunc });
    }
    this.installed = false;
  }

  private run(name: string, args: Parameters<AnyKernelFunc>[0], original: AnyKernelFunc): unknown {
    this.stack.push(0);
    const t0 = performance.now();
    try {
      return original(args);
    } finally {
      const total = performance.now() - t0;
      const nested = this.stack.pop() ?? 0;
      if (this.stack.length > 0) this.stack[this.stack.length - 1] += total;
      const key = shapeKey(name, args.inputs);
      const row = this.times.get(key) ?? { key, name, ms: 0, calls: 0 };
      row.ms += total - nested;
      row.calls += 1;
      this.times.set(key, row);
    }
  }

  reset(): void {
    this.times.clear();
  }

  /** Rows, slowest first. */
  rows(): KernelTime[] {
    return [...this.times.values()].sort((a, b) => b.ms - a.ms);
  }

  /** Total self time of all kernels, ms. */
  totalMs(): number {
    let s = 0;
    for (const r of this.times.values()) s += r.ms;
    return s;
  }
}
