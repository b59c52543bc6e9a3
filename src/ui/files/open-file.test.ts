import { describe, expect, it, vi } from 'vitest';
import { serializeDesign } from '../../core/io/design-file';
import { TEMPLATES } from '../../core/templates';
import { useAppStore } from '../../state/store';
import { openDesignText } from './open-file';

const layout = vi.hoisted(() => ({ fail: false }));
vi.mock('./layout-import', async (importOriginal) => {
  const real = await importOriginal<typeof import('./layout-import')>();
  return {
    ...real,
    layoutImported: (d: Parameters<typeof real.layoutImported>[0]) => {
      if (layout.fail) throw new RangeError('Maximum call stack size exceeded');
      return real.layoutImported(d);
    },
  };
});

const lastNotice = () => useAppStore.getState().notices.at(-1);

describe('opening files', () => {
  it('an open that throws (e.g. a stack overflow) leaves a notice and no new variant', () => {
    const before = useAppStore.getState().variants.length;
    const design = { ...TEMPLATES[1].build(), blocks: TEMPLATES[1].build().blocks.map((b) => ({ ...b, position: { x: 0, y: 0 } })) };
    layout.fail = true;
    try {
      expect(openDesignText(serializeDesign(design), 'stacked.sora.json')).toBeNull();
    } finally {
      layout.fail = false;
    }
    expect(lastNotice()).toMatchObject({
      kind: 'error',
      text: 'Could not open “stacked.sora.json”: the file could not be loaded (RangeError: Maximum call stack size exceeded).',
    });
    expect(useAppStore.getState().variants.length).toBe(before);
  });

  it('a PNG opened as a design says it is a PNG image', () => {
    const png = new TextDecoder().decode(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13));
    expect(openDesignText(png, 'cat.png')).toBeNull();
    expect(lastNotice()?.text).toBe(
      'Could not open “cat.png”: this looks like a PNG image, not a design file (.sora.json) or a Keras/tfjs model (model.json)',
    );
  });
});
