/** Pure colour helpers of the Inspect tab (heat maps, channel maps, boxes); no DOM. */

/** Inferno-like stops, dark (0) to bright yellow (1). */
const STOPS: readonly [number, number, number][] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

/** Colour of t ∈ [0, 1] (clamped). */
export function heatColor(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** Largest value of a map (0 for an empty or all-non-positive map). */
export function peak(map: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < map.length; i++) if (map[i] > m) m = map[i];
  return m;
}

/**
 * A map as RGBA heat colours scaled by its peak. `alpha(t)` gives each pixel's opacity (0–255) from its
 * scaled value (opaque by default; an overlay fades the cold parts out).
 */
export function heatToRgba(map: ArrayLike<number>, alpha: (t: number) => number = () => 255): Uint8ClampedArray<ArrayBuffer> {
  const top = peak(map);
  const out = new Uint8ClampedArray(new ArrayBuffer(map.length * 4));
  for (let i = 0; i < map.length; i++) {
    const t = top > 0 ? Math.max(0, map[i]) / top : 0;
    const [r, g, b] = heatColor(t);
    out.set([r, g, b, alpha(t)], i * 4);
  }
  return out;
}

/** One activation channel as grey levels, min → black, max → white (flat maps are mid-grey). */
export function channelToRgba(map: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < map.length; i++) {
    lo = Math.min(lo, map[i]);
    hi = Math.max(hi, map[i]);
  }
  const out = new Uint8ClampedArray(new ArrayBuffer(map.length * 4));
  for (let i = 0; i < map.length; i++) {
    const v = hi > lo ? Math.round(((map[i] - lo) / (hi - lo)) * 255) : 128;
    out.set([v, v, v, 255], i * 4);
  }
  return out;
}

/** Grad-CAM overlay opacity: transparent below 15% of the peak, up to ~70% opaque at the peak. */
export function overlayAlpha(t: number): number {
  return t < 0.15 ? 0 : Math.round(60 + 120 * t);
}
