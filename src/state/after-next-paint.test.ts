import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from './after-next-paint';

describe('afterNextPaint', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('runs at once where nothing is painted (no requestAnimationFrame)', () => {
    const calls: string[] = [];
    afterNextPaint(() => calls.push('ran'));
    expect(calls).toEqual(['ran']);
  });

  it('runs at once in a hidden page', () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    const calls: string[] = [];
    afterNextPaint(() => calls.push('ran'));
    expect(calls).toEqual(['ran']);
  });

  it('in a visible page, runs once, in the task after the next frame', () => {
    vi.useFakeTimers();
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    vi.stubGlobal('document', { visibilityState: 'visible' });
    let runs = 0;
    afterNextPaint(() => runs++);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(10);
    expect(runs).toBe(0); // no frame yet
    frames[0]();
    expect(runs).toBe(0); // not inside the frame
    vi.advanceTimersByTime(0);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(1); // the fallback does not run it again
  });

  it('runs after the fallback delay when no frame comes (the tab was hidden meanwhile)', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.stubGlobal('document', { visibilityState: 'visible' });
    let runs = 0;
    afterNextPaint(() => runs++, 250);
    vi.advanceTimersByTime(249);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
  });
});
