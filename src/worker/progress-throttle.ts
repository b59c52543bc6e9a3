/**
 * The one progress throttle between training and the page: the worker posts batch progress (and range-test
 * points) at most once per PROGRESS_INTERVAL_MS, plus every epoch's last batch; the page applies what arrives.
 */

/** Minimum milliseconds between two progress messages (~4 per second: what the charts redraw at). */
export const PROGRESS_INTERVAL_MS = 250;

export class ProgressThrottle {
  private last = -Infinity;

  constructor(
    private readonly now: () => number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  /** True when a message is due now (always with `force`); marks it sent. */
  due(force = false): boolean {
    const t = this.now();
    if (!force && t - this.last < this.intervalMs) return false;
    this.last = t;
    return true;
  }
}
