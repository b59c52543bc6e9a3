/**
 * Totals are float64 sums: beyond 2^53 they are no longer exact integers (a 10k-block design can reach 1e16
 * MACs), so they are printed as approximations, never with every digit.
 */
export function isBeyondExact(n: number): boolean {
  return !Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER;
}

/** "≈1.2e16" (two significant digits); "∞" for an overflowed sum. */
export function approxText(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '?' : n > 0 ? '≈∞' : '≈-∞';
  const [mantissa, exponent] = n.toExponential(1).split('e');
  return `≈${mantissa.replace(/\.0$/, '')}e${exponent.replace('+', '')}`;
}
