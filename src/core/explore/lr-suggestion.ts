/**
 * The learning-rate finder's suggestion rule (pure): from a range test's points (rate rising exponentially,
 * smoothed loss), the suggested peak learning rate is the rate at the lowest smoothed loss divided by 10
 * (Smith's / fastai's "minimum ÷ 10": the minimum sits just before divergence, a tenth of it still learns fast
 * and is stable). No suggestion when the test is too short or the smoothed loss never fell by `minDrop`.
 */
export interface RangePoint {
  lr: number;
  smoothed: number;
}

export type LrSuggestion = { learningRate: number; minimumAt: number; reason?: undefined } | { learningRate: null; reason: string };

/** Fewest points a suggestion is made from. */
export const MIN_RANGE_POINTS = 10;

export function suggestPeakLearningRate(points: readonly RangePoint[], minDrop = 0.05): LrSuggestion {
  const usable = points.filter((p) => Number.isFinite(p.lr) && p.lr > 0 && Number.isFinite(p.smoothed));
  if (usable.length < MIN_RANGE_POINTS) return { learningRate: null, reason: `only ${usable.length} usable step(s): the test ended too early to suggest a rate` };
  let best = usable[0];
  for (const p of usable) if (p.smoothed < best.smoothed) best = p;
  const start = usable[0].smoothed;
  if (!(best.smoothed < start * (1 - minDrop))) return { learningRate: null, reason: 'the loss never fell: try a wider range or check the data' };
  return { learningRate: Number((best.lr / 10).toPrecision(2)), minimumAt: best.lr };
}
