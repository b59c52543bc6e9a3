import { resolveParams } from '../blocks/params';
import { toLayerName } from '../graph/factory';
import type { BlockKind, BlockNode, BlockParams, Design, Edge } from '../graph/types';

const ROW = 110;
const COL = 260;

/**
 * Small helper to write templates: blocks get snake_case names ("conv_1"), deterministic ids,
 * and positions top-to-bottom (row = longest path from the input, column chosen per block).
 */
export class TemplateBuilder {
  private blocks: BlockNode[] = [];
  private edges: Edge[] = [];
  private rows = new Map<string, number>();
  private counts = new Map<string, number>();

  constructor(private readonly name: string) {}

  /** Adds a block fed by `inputs` (in order) and returns its id. Params are checked: a bad template throws. */
  add(kind: BlockKind, params: Partial<BlockParams> = {}, inputs: string[] = [], opts: { col?: number; name?: string } = {}): string {
    const r = resolveParams(kind, params);
    if (r.errors.length > 0) throw new Error(`template ${this.name}: ${kind}: ${r.errors.map((e) => e.message).join('; ')}`);
    const stem = opts.name ?? toLayerName(kind);
    const n = (this.counts.get(stem) ?? 0) + 1;
    this.counts.set(stem, n);
    const name = opts.name ?? `${stem}_${n}`;
    const id = `blk_${name}`;
    const row = inputs.length === 0 ? 0 : Math.max(...inputs.map((i) => this.rows.get(i) ?? 0)) + 1;
    this.rows.set(id, row);
    this.blocks.push({ id, kind, name, params: r.params, position: { x: (opts.col ?? 0) * COL, y: row * ROW } });
    inputs.forEach((src, k) => {
      this.edges.push({ id: `edge_${src}_${id}_${k}`, source: src, target: id, targetIndex: k });
    });
    return id;
  }

  /** Adds blocks one after another starting from `from`; returns the last id. */
  chain(from: string, steps: [BlockKind, Partial<BlockParams>?][], col = 0): string {
    let cur = from;
    for (const [kind, params] of steps) cur = this.add(kind, params ?? {}, [cur], { col });
    return cur;
  }

  build(): Design {
    return { name: this.name, blocks: this.blocks, edges: this.edges, viewport: { x: 0, y: 0, zoom: 1 } };
  }
}
