import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import { getTemplate } from '../../core/templates/index';
import { currentLatency, designLatencyKey, type VariantLatency } from '../../state/latency';
import { overlayColour, overlayValues } from './overlay';

const design = getTemplate('sora-fast-mnist')!.build();
const analysis = analyzeDesign(design);

function measured(ms: Record<string, number>): VariantLatency {
  const blocks = design.blocks.map((b) => ({ id: b.id, name: b.name, kind: b.kind, ms: ms[b.name] ?? 0, share: 0 }));
  return {
    designKey: designLatencyKey(design),
    measuredAt: 0,
    backendDetail: 'wasm',
    profiles: [{ backend: 'wasm', threads: 1, batch: 1, runs: 10, wholeModelMs: 1, msPerImage: 1, imagesPerSecond: 1000, layersSumMs: 1, blocks }],
  };
}

describe('canvas overlay', () => {
  it('params / MACs / activations come from the analysis; the max is the largest block', () => {
    const params = overlayValues('params', analysis, null)!;
    expect(params.max).toBe(Math.max(...analysis.blocks.map((s) => s.cost?.params ?? 0)));
    expect(params.values.get(design.blocks.find((b) => b.kind === 'input')!.id)).toBe(0);
    const acts = overlayValues('activations', analysis, null)!;
    expect(acts.values.get(design.blocks[0].id)).toBe(28 * 28 * 1 * 4);
    expect(overlayValues('none', analysis, null)).toBeNull();
  });

  it('latency uses the batch-1 block times and is empty without a measurement', () => {
    expect(overlayValues('latency', analysis, null)!.values.size).toBe(0);
    const v = overlayValues('latency', analysis, measured({ separable_conv_1: 0.3, output_1: 0.1 }))!;
    expect(v.max).toBe(0.3);
    expect(v.values.size).toBe(design.blocks.length);
  });

  it('colours run light → strong and clamp outside 0..1', () => {
    expect(overlayColour(0)).toBe('rgb(255, 245, 235)');
    expect(overlayColour(1)).toBe('rgb(253, 160, 90)');
    expect(overlayColour(0.5)).toBe('rgb(253, 208, 162)');
    expect(overlayColour(7)).toBe(overlayColour(1));
    expect(overlayColour(-1)).toBe(overlayColour(0));
  });
});

describe('latency staleness', () => {
  it('moving or renaming blocks keeps a measurement; a parameter or wiring change makes it stale', () => {
    const m = measured({});
    const moved = { ...design, blocks: design.blocks.map((b) => ({ ...b, position: { x: b.position.x + 5, y: 0 }, name: `${b.name}_x` })) };
    expect(currentLatency({ v: m }, 'v', moved)).toBe(m);
    const edited = { ...design, blocks: design.blocks.map((b) => (b.kind === 'output' ? { ...b, params: { ...b.params, units: 12 } } : b)) };
    expect(currentLatency({ v: m }, 'v', edited)).toBeNull();
    expect(currentLatency({ v: m }, 'v', { ...design, edges: design.edges.slice(1) })).toBeNull();
    expect(currentLatency({ v: m }, 'other', design)).toBeNull();
  });
});

describe('a deleted variant', () => {
  it('loses its measurement', async () => {
    const { useAppStore } = await import('../../state/store');
    const { useLatencyStore } = await import('../../state/latency');
    const s = useAppStore.getState();
    const id = s.createVariant(design, 'to delete');
    useLatencyStore.setState({ byVariant: { [id]: measured({}) } });
    useAppStore.getState().deleteVariant(id);
    expect(useLatencyStore.getState().byVariant[id]).toBeUndefined();
  });
});
