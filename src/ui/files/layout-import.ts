import type { Design } from '../../core/graph/types';
import { layoutDesign } from '../layout/auto-layout';

/** True when blocks overlap (several share a position), e.g. an imported model with no layout. */
export function needsLayout(design: Design): boolean {
  const seen = new Set<string>();
  for (const b of design.blocks) {
    const key = `${Math.round(b.position.x / 20)},${Math.round(b.position.y / 20)}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** The design with every block placed by the editor's auto-layout (dagre, top to bottom) and no saved viewport. */
export function layoutImported(design: Design): Design {
  const positions = layoutDesign(design);
  return {
    ...design,
    viewport: undefined,
    blocks: design.blocks.map((b) => {
      const p = positions.get(b.id);
      return p ? { ...b, position: { x: p.x, y: p.y } } : b;
    }),
  };
}
