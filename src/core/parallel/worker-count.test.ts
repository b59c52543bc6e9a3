import { describe, expect, it } from 'vitest';
import { autoWorkers, describeWorkers, resolveWorkerCount } from './worker-count';

const base = { cores: 8, batchSize: 64, backend: 'wasm', shared: true } as const;

describe('browser worker count', () => {
  it('auto uses all cores but one, both cores of a 2-core machine, at least one', () => {
    expect(autoWorkers(8)).toBe(7);
    expect(autoWorkers(4)).toBe(3);
    expect(autoWorkers(3)).toBe(2);
    expect(autoWorkers(2)).toBe(2);
    expect(autoWorkers(1)).toBe(1);
    expect(resolveWorkerCount({ ...base, setting: 'auto' })).toEqual({ workers: 7 });
  });

  it('auto leaves every worker at least 8 images; an explicit count is kept up to the batch size', () => {
    expect(resolveWorkerCount({ ...base, setting: 'auto', batchSize: 16 }).workers).toBe(2);
    expect(resolveWorkerCount({ ...base, setting: 3, batchSize: 16 })).toEqual({ workers: 3 });
    expect(resolveWorkerCount({ ...base, setting: 4, batchSize: 2 }).workers).toBe(2);
  });

  it('uses one worker off wasm or without SharedArrayBuffer, and says why', () => {
    const webgl = resolveWorkerCount({ ...base, setting: 2, backend: 'webgl' });
    expect(webgl.workers).toBe(1);
    expect(describeWorkers(webgl)).toContain('need the WASM backend');
    const isolated = resolveWorkerCount({ ...base, setting: 'auto', shared: false });
    expect(isolated.workers).toBe(1);
    expect(isolated.why).toContain('not cross-origin isolated');
    expect(describeWorkers({ workers: 2 })).toBe('2 data-parallel workers');
  });
});
