/**
 * Batch-norm moving-statistics warm-up for short runs.
 *
 * Keras' default momentum 0.99 means the moving mean/variance used at inference need a few hundred steps
 * to forget their initial values (0 and 1). A short browser run (e.g. 3,000 MNIST images × 2 epochs =
 * 84 steps) then validates with stale statistics and scores near chance even though it learned.
 * During training we use an EMA whose window grows with the step count (20% of the steps so far),
 * capped by the layer's configured momentum, and restore the configured value afterwards so the saved
 * model config is unchanged. Long runs end up with exactly the configured behaviour.
 */

/** Momentum to use before training step `step` (0-based) for a layer configured with `configured`. */
export function warmupMomentum(configured: number, step: number): number {
  return Math.min(configured, 1 - 1 / Math.max(1, 0.2 * step));
}

/** Anything with a class name and (for batch norm) a mutable momentum, e.g. a tfjs layer. */
export interface LayerLike {
  getClassName(): string;
}
interface MomentumLayer extends LayerLike {
  momentum: number;
}

export class BatchNormWarmup {
  private readonly layers: MomentumLayer[];
  private readonly configured: number[];
  private step = 0;

  constructor(layers: readonly LayerLike[]) {
    this.layers = layers.filter(
      (l): l is MomentumLayer => l.getClassName() === 'BatchNormalization' && typeof (l as Partial<MomentumLayer>).momentum === 'number',
    );
    this.configured = this.layers.map((l) => l.momentum);
  }

  get count(): number {
    return this.layers.length;
  }

  /** Call before every training step. */
  beforeBatch(): void {
    this.layers.forEach((l, i) => (l.momentum = warmupMomentum(this.configured[i], this.step)));
    this.step++;
  }

  /** Puts the configured momentum back (always call when training ends). */
  restore(): void {
    this.layers.forEach((l, i) => (l.momentum = this.configured[i]));
  }
}
