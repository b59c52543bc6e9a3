import { getBlockDef, isBlockKind } from '../blocks/registry';
import type { GraphAnalysis } from '../graph/analysis-types';
import { analyzeDesign } from '../graph/analyze';
import type { BlockNode, Design } from '../graph/types';

/** Picture of a design as a standalone SVG document: one box per block (name, kind, output shape) and arrows. */

export const BOX_W = 240;
export const BOX_H = 66;
const GAP_X = 36;
const GAP_Y = 46;
const MARGIN = 24;
/**
 * Drops what XML 1.0 forbids or an SVG viewer may choke on: C0 controls (tab, LF and CR become spaces), DEL and
 * C1 controls, U+FFFE/U+FFFF and unpaired surrogates.
 */
export function stripControlCharacters(s: string): string {
  return s
    .replace(/[\t\n\r]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** Room on the right for edges that skip layers (drawn around the boxes). */
const SKIP_LANE = 70;
const TITLE_H = 30;
const MIN_WIDTH = 520;

export interface SvgBox {
  id: string;
  x: number;
  y: number;
}

export function escapeXml(s: string): string {
  return stripControlCharacters(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Layer of each block = longest path from a source; blocks in cycles go one layer below the rest. */
function layerOf(design: Design, analysis: GraphAnalysis): Map<string, number> {
  const depth = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const e of design.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  for (const id of analysis.order) {
    const parents = (incoming.get(id) ?? []).filter((p) => depth.has(p));
    depth.set(id, parents.length ? Math.max(...parents.map((p) => depth.get(p) ?? 0)) + 1 : 0);
  }
  const next = depth.size ? Math.max(...depth.values()) + 1 : 0;
  for (const b of design.blocks) if (!depth.has(b.id)) depth.set(b.id, next);
  return depth;
}

/** Box positions (top-left corners), layers top to bottom, blocks in a layer ordered by their canvas x. */
export function layoutBoxes(
  design: Design,
  analysis: GraphAnalysis = analyzeDesign(design),
): { boxes: SvgBox[]; width: number; height: number; layer: Map<string, number> } {
  const depth = layerOf(design, analysis);
  const layers: BlockNode[][] = [];
  for (const b of design.blocks) (layers[depth.get(b.id) ?? 0] ??= []).push(b);
  const rows = layers.filter((l) => l && l.length > 0).map((l) => [...l].sort((a, b) => a.position.x - b.position.x));
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const content = widest * BOX_W + (widest - 1) * GAP_X;
  const width = Math.max(MIN_WIDTH, MARGIN * 2 + content + SKIP_LANE);
  const center = MARGIN + content / 2;
  const boxes: SvgBox[] = [];
  const layer = new Map<string, number>();
  rows.forEach((row, li) => {
    const rowW = row.length * BOX_W + (row.length - 1) * GAP_X;
    const x0 = center - rowW / 2;
    for (const b of row) layer.set(b.id, li);
    row.forEach((b, i) => boxes.push({ id: b.id, x: x0 + i * (BOX_W + GAP_X), y: MARGIN + TITLE_H + li * (BOX_H + GAP_Y) }));
  });
  const height = MARGIN * 2 + TITLE_H + rows.length * BOX_H + Math.max(0, rows.length - 1) * GAP_Y;
  return { boxes, width, height, layer };
}

function kindLabel(b: BlockNode): string {
  return isBlockKind(b.kind) ? getBlockDef(b.kind).label : String(b.kind);
}

const FILL: Record<string, string> = { sora: '#e8f0fe', helper: '#f3f4f6', io: '#e6f4ea' };

function fillFor(b: BlockNode): string {
  if (b.kind === 'input' || b.kind === 'output') return FILL.io;
  return isBlockKind(b.kind) && getBlockDef(b.kind).category === 'sora' ? FILL.sora : FILL.helper;
}

/** Renders the design as SVG text (UTF-8, no external resources). */
export function renderGraphSvg(design: Design, analysis: GraphAnalysis = analyzeDesign(design)): string {
  const { boxes, width, height, layer } = layoutBoxes(design, analysis);
  const at = new Map(boxes.map((b) => [b.id, b] as const));
  const byId = new Map(design.blocks.map((b) => [b.id, b] as const));
  const t = analysis.totals;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<title>${escapeXml(design.name)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">' +
      '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 12}" font-size="14" font-weight="600" fill="#111">${escapeXml(design.name)} — ` +
      `${t.params.toLocaleString('en-US')} params, ${t.macs.toLocaleString('en-US')} MACs</text>`,
  ];
  for (const e of design.edges) {
    const s = at.get(e.source);
    const t = at.get(e.target);
    if (!s || !t) continue;
    const span = (layer.get(e.target) ?? 0) - (layer.get(e.source) ?? 0);
    let d: string;
    if (span > 1) {
      // Skips layers: leave and enter on the right side, bending around the boxes in between.
      const x1 = s.x + BOX_W;
      const y1 = s.y + BOX_H / 2;
      const x2 = t.x + BOX_W;
      const y2 = t.y + BOX_H / 2;
      const lane = Math.max(x1, x2) + SKIP_LANE - 10;
      d = `M ${x1} ${y1} C ${lane} ${y1} ${lane} ${y2} ${x2} ${y2}`;
    } else {
      const x1 = s.x + BOX_W / 2;
      const y1 = s.y + BOX_H;
      const x2 = t.x + BOX_W / 2;
      const y2 = t.y;
      const my = (y1 + y2) / 2;
      d = `M ${x1} ${y1} C ${x1} ${my} ${x2} ${my} ${x2} ${y2}`;
    }
    out.push(`<path class="edge" d="${d}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
  }
  for (const box of boxes) {
    const b = byId.get(box.id);
    if (!b) continue;
    const stats = analysis.byId[b.id];
    const shape = stats?.outputShape ? stats.outputShape.join('×') : '?';
    const cost = stats?.cost
      ? `${stats.cost.params.toLocaleString('en-US')} params · ${stats.cost.macs.toLocaleString('en-US')} MACs`
      : 'cost unknown';
    out.push(
      `<g class="block" data-block-id="${escapeXml(b.id)}">` +
        `<rect x="${box.x}" y="${box.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${fillFor(b)}" stroke="#444" stroke-width="1"/>` +
        `<text x="${box.x + BOX_W / 2}" y="${box.y + 20}" text-anchor="middle" font-size="13" font-weight="600" fill="#111">${escapeXml(b.name)}</text>` +
        `<text x="${box.x + BOX_W / 2}" y="${box.y + 38}" text-anchor="middle" font-size="11" fill="#333">${escapeXml(`${kindLabel(b)} · ${shape}`)}</text>` +
        `<text x="${box.x + BOX_W / 2}" y="${box.y + 55}" text-anchor="middle" font-size="10.5" fill="#667">${escapeXml(cost)}</text>` +
        '</g>',
    );
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
