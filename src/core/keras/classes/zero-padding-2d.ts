import { zeroPaddingOf } from '../layer-config';
import { spatial } from '../shape-helpers';
import type { ConfigReader } from '../import-config';
import type { KerasClass } from './types';

/** Keras ZeroPadding2D `padding`: n, (h, w) or ((top, bottom), (left, right)), all non-negative integers. */
function zeroPaddingPairs2d(v: unknown): [[number, number], [number, number]] | null {
  const nat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (nat(v))
    return [
      [v, v],
      [v, v],
    ];
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [a, b] = v as unknown[];
  if (nat(a) && nat(b))
    return [
      [a, a],
      [b, b],
    ];
  if (Array.isArray(a) && Array.isArray(b) && a.length === 2 && b.length === 2 && [...a, ...b].every(nat)) {
    return [
      [a[0] as number, a[1] as number],
      [b[0] as number, b[1] as number],
    ];
  }
  return null;
}

function importPadding(r: ConfigReader): [[number, number], [number, number]] {
  const v = r.cfg.padding ?? 1;
  const pads = zeroPaddingPairs2d(v);
  if (!pads) r.fail(`"padding" must be n, [h, w] or [[top, bottom], [left, right]] of non-negative integers, got ${JSON.stringify(v)}`);
  return pads;
}

export const ZeroPadding2D: KerasClass = {
  takes: 'one',
  infer(layer, [x]) {
    const [h, w, ch] = spatial(layer, x);
    const [t, b, l, r] = zeroPaddingOf(layer);
    return { out: [h + t + b, w + l + r, ch], weights: [] };
  },
  torch(layer, _self, [x]) {
    const [t, b, l, r] = zeroPaddingOf(layer);
    return { module: null, forward: `F.pad(${x}, (${l}, ${r}, ${t}, ${b}))`, state: [] };
  },
  kerasArgs(l) {
    const [t, b, left, r] = zeroPaddingOf(l);
    return [`padding=((${t}, ${b}), (${left}, ${r}))`];
  },
  toBlock(r) {
    r.channelsLast();
    const [[top, bottom], [left, right]] = importPadding(r);
    return { kind: 'zero-padding', params: { top, bottom, left, right } };
  },
};
