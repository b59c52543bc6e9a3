import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../state/store';
import { addBlock } from '../../core/graph/edits';
import { roundViewport, saveViewport } from './viewport-state';

const active = () => {
  const s = useAppStore.getState();
  return s.variants.find((v) => v.id === s.activeVariantId)!;
};
const pastCount = () => useAppStore.temporal.getState().pastStates.length;

describe('saved canvas viewport', () => {
  it('rounds pan to 0.1 px and zoom to 4 decimals', () => {
    expect(roundViewport({ x: 12.345, y: -7.06, zoom: 0.672289 })).toEqual({ x: 12.3, y: -7.1, zoom: 0.6723 });
  });

  it('is stored in the active design without an undo step or an updatedAt bump', () => {
    const s = useAppStore.getState();
    s.createVariant(undefined, 'view test');
    useAppStore.temporal.getState().clear();
    s.applyEdit((d) => addBlock(d, { kind: 'input', position: { x: 0, y: 0 } }));
    expect(pastCount()).toBe(1);
    const updatedAt = active().updatedAt;
    expect(saveViewport({ x: 100.04, y: 20, zoom: 1.5 })).toBe(true);
    expect(active().design.viewport).toEqual({ x: 100, y: 20, zoom: 1.5 });
    expect(active().updatedAt).toBe(updatedAt);
    expect(pastCount()).toBe(1);
    // Same view again: nothing written.
    const variants = useAppStore.getState().variants;
    expect(saveViewport({ x: 100.01, y: 20, zoom: 1.5 })).toBe(false);
    expect(useAppStore.getState().variants).toBe(variants);
    // Undo removes the block but keeps the view.
    useAppStore.getState().undo();
    expect(active().design.blocks).toHaveLength(0);
    expect(active().design.viewport).toEqual({ x: 100, y: 20, zoom: 1.5 });
  });
});
