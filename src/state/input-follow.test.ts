import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { emptyDesign } from '../core/graph/factory';
import type { DatasetSummary } from '../worker/protocol';
import { INPUT_FOLLOW_DELAY_MS, startInputFollow, type InputFollowState } from './input-follow';

function makeStore(resizable: boolean) {
  const followInputShape = vi.fn(() => true);
  const store = createStore<InputFollowState>(() => ({
    variants: [{ id: 'v', name: 'v', design: emptyDesign('a'), createdAt: 0, updatedAt: 0 }],
    activeVariantId: 'v',
    datasetSummary: { resizable } as DatasetSummary,
    followInputShape,
  }));
  const edit = (name: string) => store.setState((s) => ({ variants: s.variants.map((v) => ({ ...v, design: emptyDesign(name) })) }));
  return { store, followInputShape, edit };
}

describe('input follow', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reloads a resizable dataset once, after the last of several quick edits', () => {
    const { store, followInputShape, edit } = makeStore(true);
    const stop = startInputFollow(store);
    edit('b');
    vi.advanceTimersByTime(INPUT_FOLLOW_DELAY_MS - 1);
    edit('c');
    vi.advanceTimersByTime(INPUT_FOLLOW_DELAY_MS - 1);
    expect(followInputShape).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(followInputShape).toHaveBeenCalledTimes(1);
    stop();
    edit('d');
    vi.advanceTimersByTime(INPUT_FOLLOW_DELAY_MS);
    expect(followInputShape).toHaveBeenCalledTimes(1);
  });

  it('leaves fixed-size datasets and changes that keep the design alone', () => {
    const fixed = makeStore(false);
    startInputFollow(fixed.store);
    fixed.edit('b');
    vi.advanceTimersByTime(INPUT_FOLLOW_DELAY_MS * 2);
    expect(fixed.followInputShape).not.toHaveBeenCalled();

    const resizable = makeStore(true);
    startInputFollow(resizable.store);
    resizable.store.setState({ datasetSummary: { resizable: true } as DatasetSummary });
    vi.advanceTimersByTime(INPUT_FOLLOW_DELAY_MS * 2);
    expect(resizable.followInputShape).not.toHaveBeenCalled();
  });
});
