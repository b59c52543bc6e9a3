import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { addBlock } from '../core/graph/edits';
import { autosaveStatus } from './persistence/status';

// bootstrap() runs in the page; node gets just the window and document it touches.
const listeners: string[] = [];
vi.stubGlobal('window', { addEventListener: (type: string) => listeners.push(`window:${type}`) });
vi.stubGlobal('document', {
  visibilityState: 'visible',
  addEventListener: (type: string) => listeners.push(`document:${type}`),
});

const { bootstrap } = await import('./bootstrap');
const { useAppStore } = await import('./store');

function until(check: () => boolean, what: string): Promise<void> {
  return vi.waitFor(() => {
    if (!check()) throw new Error(`still waiting for ${what}`);
  });
}

describe('bootstrap', () => {
  it('starts once: exposes the store, loads saved state, runs afterLoad, then autosaves without any view', async () => {
    expect(window.__soraStore).toBeUndefined();
    const afterLoad = vi.fn();
    const first = bootstrap({ afterLoad });
    expect(bootstrap({ afterLoad })).toBe(first);
    expect(window.__soraStore).toBe(useAppStore);
    await first;
    expect(afterLoad).toHaveBeenCalledTimes(1);
    expect(listeners.sort()).toEqual(['document:visibilitychange', 'window:pagehide']);
    await until(() => autosaveStatus.getState().phase === 'saved', 'the first save');

    const savedAt = autosaveStatus.getState().savedAt;
    useAppStore.getState().applyEdit((d) => addBlock(d, { kind: 'input', position: { x: 0, y: 0 } }));
    expect(autosaveStatus.getState().phase).toBe('pending');
    await until(() => autosaveStatus.getState().phase === 'saved' && autosaveStatus.getState().savedAt !== savedAt, 'the edit to be saved');
  });
});
