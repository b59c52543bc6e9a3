/**
 * Vary specs as text (the `--vary` syntax of `cli explore`) and the default spec.
 *   width=0.5,0.75,1            global width multiplier
 *   res=24,28,32                input resolution (resolution=…)
 *   dil:<block>=1,2,3           dilation of a receptive-field block (dilation:…)
 *   filters:<block>=16,32       filters of a conv-like block
 *   kernel:<block>=3,5          kernel size (k:…)
 *   depth:<block>=1,2           repeat a block
 */
import type { Design } from '../graph/types';
import type { VaryAxis, VaryKind, VarySpec } from './types';
import { DILATION_KINDS } from './vary';

const ALIASES: Record<string, VaryKind> = {
  width: 'width',
  res: 'resolution',
  resolution: 'resolution',
  dil: 'dilation',
  dilation: 'dilation',
  filters: 'filters',
  kernel: 'kernel',
  k: 'kernel',
  depth: 'depth',
};

export const VARY_SYNTAX = 'width=0.5,1 | res=24,32 | dil:<block>=1,2 | filters:<block>=16,32 | kernel:<block>=3,5 | depth:<block>=1,2';

/** Parses one `--vary` value; throws an Error naming the problem. */
export function parseVaryAxis(text: string): VaryAxis {
  const m = /^([a-z]+)(?::([^=]+))?=(.+)$/i.exec(text.trim());
  if (!m) throw new Error(`--vary '${text}': expected ${VARY_SYNTAX}`);
  const kind = ALIASES[m[1].toLowerCase()];
  if (!kind) throw new Error(`--vary '${text}': unknown axis '${m[1]}' (${Object.keys(ALIASES).join(', ')})`);
  const parts = m[3].split(',').map((s) => s.trim());
  const values = parts.map(Number);
  const bad = parts.find((s, i) => s === '' || !Number.isFinite(values[i]));
  if (bad !== undefined) throw new Error(`--vary '${text}': '${bad}' is not a number`);
  const block = m[2]?.trim();
  if (kind === 'width' || kind === 'resolution') {
    if (block) throw new Error(`--vary '${text}': ${kind} applies to the whole design, not to a block`);
    return { kind, values };
  }
  if (!block) throw new Error(`--vary '${text}': ${kind} needs a block name (${kind}:<block>=…)`);
  return { kind, block, values };
}

/** Global width {0.5, 0.75, 1, 1.5} and each receptive-field block's dilation {1, 2, 3}. */
export function defaultVarySpec(base: Design): VarySpec {
  const axes: VaryAxis[] = [{ kind: 'width', values: [0.5, 0.75, 1, 1.5] }];
  for (const b of base.blocks) if (DILATION_KINDS.includes(b.kind)) axes.push({ kind: 'dilation', block: b.name, values: [1, 2, 3] });
  return { axes };
}
