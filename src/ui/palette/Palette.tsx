import { useReactFlow } from '@xyflow/react';
import { useMemo, useState, type DragEvent } from 'react';
import { getBlockDef, PALETTE_ORDER } from '../../core/blocks/registry';
import type { BlockKind } from '../../core/graph/types';
import { selectActiveDesign, useAppStore } from '../../state/store';
import { BLOCK_DRAG_TYPE, addBlockAt } from '../canvas/palette-drop';
import { DEFAULT_NODE_SIZE } from '../layout/auto-layout';

function matches(kind: BlockKind, query: string): boolean {
  if (!query) return true;
  const def = getBlockDef(kind);
  const q = query.toLowerCase();
  return [def.label, kind, def.description].some((t) => t.toLowerCase().includes(q));
}

/** Block palette: drag a block onto the canvas, or click / Enter to add it at the view centre. */
export function Palette() {
  const [query, setQuery] = useState('');
  const rf = useReactFlow();
  const kinds = useMemo(() => PALETTE_ORDER.filter((k) => matches(k, query.trim())), [query]);
  const sora = kinds.filter((k) => getBlockDef(k).category === 'sora');
  const helpers = kinds.filter((k) => getBlockDef(k).category === 'helper');

  const addAtCenter = (kind: BlockKind) => {
    const el = document.querySelector('[data-testid="canvas"]');
    const rect = el?.getBoundingClientRect();
    const center = rect ? rf.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    // Centred in the view, moved right past any block it would cover.
    const design = selectActiveDesign(useAppStore.getState());
    const { width, height } = DEFAULT_NODE_SIZE;
    const { y } = center;
    let { x } = center;
    const covers = (cx: number, cy: number) =>
      design?.blocks.some((b) => Math.abs(b.position.x + width / 2 - cx) < width + 10 && Math.abs(b.position.y + height / 2 - cy) < height + 10);
    for (let i = 0; i < 50 && covers(x, y); i++) x += width / 2;
    addBlockAt(kind, { x, y });
  };

  const onDragStart = (e: DragEvent, kind: BlockKind) => {
    e.dataTransfer.setData(BLOCK_DRAG_TYPE, kind);
    e.dataTransfer.setData('text/plain', kind);
    e.dataTransfer.effectAllowed = 'copy';
  };

  const renderItem = (kind: BlockKind) => {
    const def = getBlockDef(kind);
    return (
      <li key={kind}>
        <button
          type="button"
          className={`palette-item palette-item--${def.category}`}
          draggable
          onDragStart={(e) => onDragStart(e, kind)}
          onClick={() => addAtCenter(kind)}
          data-testid={`palette-item-${kind}`}
          title={`${def.description}\nDrag onto the canvas, or click to add at the centre.`}
          aria-label={`Add ${def.label} block`}
        >
          <span className="palette-item__label">{def.label}</span>
        </button>
      </li>
    );
  };

  return (
    <nav className="palette" aria-label="Block palette">
      <input
        type="search"
        className="palette__search"
        placeholder="Search blocks…"
        aria-label="Search blocks"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && kinds.length > 0) addAtCenter(kinds[0]);
        }}
        data-testid="palette-search"
      />
      {sora.length > 0 && (
        <section aria-label="Sora blocks">
          <h3 className="palette__group">Sora blocks</h3>
          <ul>{sora.map(renderItem)}</ul>
        </section>
      )}
      {helpers.length > 0 && (
        <section aria-label="Helper blocks">
          <h3 className="palette__group">Helpers</h3>
          <ul>{helpers.map(renderItem)}</ul>
        </section>
      )}
      {kinds.length === 0 && <p className="palette__empty">No block matches “{query}”.</p>}
    </nav>
  );
}
