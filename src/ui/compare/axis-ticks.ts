/** Round-number axis ticks for the comparison charts. */

/** Lower bound and ticks for an accuracy axis (0–1) that starts a little below the smallest value. */
export function accuracyAxis(values: readonly number[]): { domain: [number, number]; ticks: number[] } {
  const min = values.length ? Math.min(...values) : 0;
  const lower = Math.max(0, Math.floor(min * 10) / 10 - 0.1);
  const step = 1 - lower > 0.5 ? 0.2 : 0.1;
  const ticks: number[] = [];
  for (let t = 1; t >= lower - 1e-9; t -= step) ticks.unshift(Math.round(t * 100) / 100);
  return { domain: [ticks[0], 1], ticks };
}

/** 1-2-5 ticks per decade inside [lo, hi]; only powers of ten when that would be too many. */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const all: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) all.push(v);
    }
  }
  const decades = all.filter((v) => Number.isInteger(Math.log10(v)) || v < 1);
  return all.length > 8 ? decades : all;
}

/**
 * Ticks for the log cost axis: 1-2-5 ticks when at least two fall in the domain, else the
 * distinct data values (one variant, or costs inside one decade gap). Never duplicates:
 * recharts' own log ticks repeat a value for a narrow domain (duplicate React keys).
 */
export function logAxisTicks(domain: [number, number], values: readonly number[]): number[] {
  const round = logTicks(domain[0], domain[1]);
  if (round.length >= 2) return round;
  return [...new Set(values.filter((v) => v >= domain[0] && v <= domain[1]))].sort((a, b) => a - b);
}
