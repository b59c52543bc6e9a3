import { topoSort } from './topo';

/**
 * A top-to-bottom layered layout in linear time and without recursion, for designs too large for dagre
 * (dagre's depth-first passes overflow the stack on a 3,000-block chain and take seconds from ~300 blocks).
 * Ranks are longest paths from the sources; each rank is ordered by the barycenter of its blocks'
 * predecessors and placed left to right, each block as close as it fits under the centre of its inputs.
 * Blocks in a cycle are put in ranks below the rest.
 */
export interface LayoutBox {
  id: string;
  width: number;
  height: number;
}

export interface LayoutLink {
  source: string;
  target: string;
}

export interface LayeredOptions {
  rankSep: number;
  nodeSep: number;
}

/** Top-left position of every box; the leftmost box starts at x = 0 and the top rank at y = 0. */
export function layeredLayout(
  boxes: readonly LayoutBox[],
  links: readonly LayoutLink[],
  opts: LayeredOptions,
): Map<string, { x: number; y: number }> {
  const n = boxes.length;
  const index = new Map(boxes.map((b, i) => [b.id, i] as const));
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (const l of links) {
    const s = index.get(l.source);
    const t = index.get(l.target);
    if (s === undefined || t === undefined || s === t) continue;
    succ[s].push(t);
    pred[t].push(s);
  }
  const { order, rest } = topoSort(n, succ);
  const rank = new Int32Array(n).fill(-1);
  let maxRank = -1;
  for (const i of order) {
    let r = 0;
    for (const p of pred[i]) r = Math.max(r, rank[p] + 1);
    rank[i] = r;
    maxRank = Math.max(maxRank, r);
  }
  for (const i of rest) {
    let r = maxRank + 1;
    for (const p of pred[i]) if (rank[p] >= 0) r = Math.max(r, rank[p] + 1);
    rank[i] = r;
  }
  for (const i of rest) maxRank = Math.max(maxRank, rank[i]);

  const ranks: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (const i of [...order, ...rest]) ranks[rank[i]].push(i);

  const centerX = new Float64Array(n);
  const out = new Map<string, { x: number; y: number }>();
  const slot = new Float64Array(n);
  let top = 0;
  let minX = Infinity;
  const topOf = new Float64Array(maxRank + 1);
  for (let r = 0; r <= maxRank; r++) {
    const row = ranks[r];
    // Desired centre: mean of the placed predecessors' centres (none: keep the row's own order).
    const desired = row.map((i) => {
      const placed = pred[i].filter((p) => rank[p] < r);
      return placed.length ? placed.reduce((s, p) => s + centerX[p], 0) / placed.length : Number.NaN;
    });
    // Blocks without a placed predecessor go after the others, in their own order; a row of only those is centred on 0.
    const keyed = row.map((i, k) => ({ i, k, d: desired[k], key: Number.isNaN(desired[k]) ? Infinity : desired[k] }));
    keyed.sort((a, b) => a.key - b.key || a.k - b.k);
    const rowWidth = keyed.reduce((s, e) => s + boxes[e.i].width, 0) + opts.nodeSep * Math.max(0, keyed.length - 1);
    let right = -Infinity;
    let fallback = -rowWidth / 2;
    let rowHeight = 0;
    for (const e of keyed) {
      const w = boxes[e.i].width;
      const want = Number.isNaN(e.d) ? fallback + w / 2 : e.d;
      const left = Math.max(want - w / 2, right + opts.nodeSep);
      centerX[e.i] = left + w / 2;
      slot[e.i] = left;
      right = left + w;
      fallback = right + opts.nodeSep;
      rowHeight = Math.max(rowHeight, boxes[e.i].height);
      minX = Math.min(minX, left);
    }
    topOf[r] = top;
    top += rowHeight + opts.rankSep;
    for (const e of keyed) {
      const h = boxes[e.i].height;
      out.set(boxes[e.i].id, { x: slot[e.i], y: topOf[r] + (rowHeight - h) / 2 });
    }
  }
  const shift = Number.isFinite(minX) ? minX : 0;
  for (const [id, p] of out) out.set(id, { x: Math.round(p.x - shift), y: Math.round(p.y) });
  return out;
}
