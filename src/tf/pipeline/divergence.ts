/**
 * Detects a training run that diverged. A NaN/Infinity loss is the obvious case, but the loss
 * used here is −log(p + 1e-7), so a blown-up model saturates near 16 instead of becoming NaN
 * (e.g. Adam at learning rate 1000). This watch also flags a smoothed batch loss that rises
 * far above chance level (3 × ln(classes)) and above twice the best smoothed loss seen.
 */
export class DivergenceWatch {
  private ema: number | null = null;
  private best = Infinity;
  private batches = 0;
  /** Set once divergence is detected: the smoothed loss that tripped it (NaN for a non-finite loss). */
  tripped: number | null = null;

  constructor(
    private readonly numClasses: number,
    private readonly minBatches = 5,
    private readonly smoothing = 0.7,
  ) {}

  /** Chance-level cross-entropy for the class count. */
  get chanceLoss(): number {
    return Math.log(Math.max(2, this.numClasses));
  }

  /** Feeds one batch loss; returns true when training has diverged. */
  observe(loss: number): boolean {
    if (this.tripped !== null) return true;
    if (!Number.isFinite(loss)) {
      this.tripped = Number.NaN;
      return true;
    }
    this.ema = this.ema === null ? loss : this.smoothing * this.ema + (1 - this.smoothing) * loss;
    this.batches += 1;
    this.best = Math.min(this.best, this.ema);
    if (this.batches >= this.minBatches && this.ema > 3 * this.chanceLoss && this.ema > 2 * this.best) {
      this.tripped = this.ema;
      return true;
    }
    return false;
  }
}

/** Message for a loss that blew up without becoming NaN. */
export function blownUpLossMessage(loss: number, chance: number, learningRate: number): string {
  return (
    `Training diverged: the loss rose to ${loss.toFixed(2)} (chance level is ${chance.toFixed(2)}) at learning rate ${learningRate}. ` +
    `Try a lower learning rate, e.g. ${learningRate / 10}.`
  );
}

/** Message for a NaN/Infinity loss. */
export function nanLossMessage(learningRate: number): string {
  return `The loss became NaN (diverged) at learning rate ${learningRate}. Try a lower learning rate, e.g. ${learningRate / 10}.`;
}
