/** Float32 HWC pixels in [0, 1] (1 or 3 channels) → RGBA bytes for ImageData. Pure. */
export function pixelsToRgba(pixels: Float32Array, height: number, width: number, channels: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(height * width * 4));
  for (let p = 0; p < height * width; p++) {
    const r = pixels[p * channels];
    const g = channels >= 3 ? pixels[p * channels + 1] : r;
    const b = channels >= 3 ? pixels[p * channels + 2] : r;
    out[p * 4] = Math.round(r * 255);
    out[p * 4 + 1] = Math.round(g * 255);
    out[p * 4 + 2] = Math.round(b * 255);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** "1 m 05 s" style duration. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

export function formatPercent(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(2)}%`;
}
