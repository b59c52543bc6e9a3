import { describe, expect, expectTypeOf, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import type { Activation, BlockKind, BlockNode, Design, Edge, Pair, Shape } from '../graph/types';
import { designToKerasModel } from '../keras/topology-writer';
import { checkParamValue, defaultParams, resolveParams } from './params';
import { convDef } from './conv';
import { encodingDef } from './encoding';
import { BLOCK_DEF_LIST, BLOCK_KINDS, getBlockDef, type AnyBlockDef } from './registry';

/**
 * Walks the registry: every kind must bring every piece (fields whose defaults validate, shape, cost, receptive
 * field, Keras lowering the topology writer uses, merge rule for merges, view colour) and live in its own file
 * src/core/blocks/<kind>.ts. A kind missing a piece fails here under its own name.
 */

const MAP: Shape = [12, 12, 6];
const VECTOR: Shape = [32];

/** The first sample input (a feature map, else a vector) the kind accepts with its default params. */
function sampleInput(def: AnyBlockDef): { source: 'none' | 'map' | 'vector'; inputShapes: Shape[]; output: Shape | null; errors: string[] } {
  const params = resolveParams(def.kind, {}).params;
  if (def.inputs.max === 0) {
    const r = def.inferShape({ params, inputShapes: [] });
    return { source: 'none', inputShapes: [], output: r.ok ? r.shape : null, errors: r.ok ? [] : [r.error] };
  }
  const errors: string[] = [];
  for (const [source, shape] of [
    ['map', MAP],
    ['vector', VECTOR],
  ] as const) {
    const inputShapes = Array.from({ length: Math.max(1, def.inputs.min) }, () => shape);
    const r = def.inferShape({ params, inputShapes });
    if (r.ok) return { source, inputShapes, output: r.shape, errors };
    errors.push(r.error);
  }
  return { source: 'map', inputShapes: [], output: null, errors };
}

/**
 * A small valid design around one block of the kind: Input [12,12,6] (→ Flatten for vector kinds) → one linear
 * Activation per input of the kind → the block → Global Pool if it gives a feature map → Output.
 */
function designAround(def: AnyBlockDef, source: 'none' | 'map' | 'vector', output: Shape): { design: Design; blockId: string } {
  const blocks: BlockNode[] = [];
  const edges: Edge[] = [];
  const add = (kind: BlockKind, params: BlockNode['params'], from: string[]): string => {
    const id = `b${blocks.length}`;
    blocks.push({ id, kind, name: `${kind.replace(/-/g, '_')}_${blocks.length}`, params, position: { x: 0, y: 0 } });
    from.forEach((s, i) => edges.push({ id: `e${edges.length}`, source: s, target: id, targetIndex: i }));
    return id;
  };
  if (def.kind === 'input') {
    const id = add('input', { height: 12, width: 12, channels: 6 }, []);
    add('output', {}, [add('global-pool', {}, [id])]);
    return { design: { name: 'walk', blocks, edges }, blockId: id };
  }
  let feed = add('input', { height: 12, width: 12, channels: 6 }, []);
  if (source === 'vector') feed = add('flatten', {}, [feed]);
  const branches = Array.from({ length: Math.max(1, def.inputs.min) }, () => add('activation', { activation: 'linear' }, [feed]));
  const id = add(def.kind, {}, branches);
  if (def.kind !== 'output') {
    const last = output.length === 3 ? add('global-pool', {}, [id]) : id;
    add('output', {}, [last]);
  }
  return { design: { name: 'walk', blocks, edges }, blockId: id };
}

describe('block registry', () => {
  it('lists each kind once, and BLOCK_KINDS is the list of their kinds', () => {
    expect(BLOCK_DEF_LIST.map((d) => d.kind)).toEqual([...BLOCK_KINDS]);
    expect(new Set(BLOCK_KINDS).size).toBe(BLOCK_KINDS.length);
  });

  it('derives each definition’s params type from its fields (checked by tsc)', () => {
    expectTypeOf<Parameters<typeof encodingDef.keras>[0]>().toEqualTypeOf<{
      pool: 'none' | 'max' | 'avg';
      poolSize: Pair;
      mode: 'flatten' | 'global-avg' | 'global-max';
      embeddingUnits: number;
      embeddingActivation: Activation;
      dropout: number;
    }>();
    expectTypeOf<Parameters<typeof convDef.keras>[0]>().toEqualTypeOf<{
      kernelSize: Pair;
      filters: number;
      strides: Pair;
      padding: 'same' | 'valid';
      dilation: Pair;
      activation: Activation;
      useBias: boolean;
      batchNorm: boolean;
    }>();
    expect(encodingDef.fields.map((f) => f.key)).toEqual(['pool', 'poolSize', 'mode', 'embeddingUnits', 'embeddingActivation', 'dropout']);
  });

  it('gives every kind its own chart colour', () => {
    const colors = BLOCK_DEF_LIST.map((d) => d.view.color.toLowerCase());
    const repeated = BLOCK_DEF_LIST.filter((d, i) => colors.indexOf(colors[i]) !== i).map(
      (d, i) => `${d.kind} = ${BLOCK_DEF_LIST[colors.indexOf(d.view.color.toLowerCase())].kind}`,
    );
    expect(repeated, 'kinds reusing another kind’s colour').toEqual([]);
  });

  const modules = import.meta.glob(['./*.ts', '!./*.test.ts'], { eager: true });

  describe.each(BLOCK_KINDS.map((k) => [k]))('%s', (kind) => {
    const def = getBlockDef(kind);

    it('is defined in src/core/blocks/<kind>.ts', () => {
      const mod = modules[`./${kind}.ts`];
      expect(mod, `no file src/core/blocks/${kind}.ts`).toBeDefined();
      expect(Object.values(mod as object), `src/core/blocks/${kind}.ts does not export the registered ${kind} definition`).toContain(def);
    });

    it('names, describes and colours itself', () => {
      expect(def.kind).toBe(kind);
      expect(def.label.trim(), `${kind}: label`).not.toBe('');
      expect(def.description.trim(), `${kind}: description`).not.toBe('');
      expect(['sora', 'helper'], `${kind}: category`).toContain(def.category);
      expect(def.view?.color, `${kind}: view.color`).toMatch(/^#[0-9a-fA-F]{6}$/);
    });

    it('has fields with distinct keys whose defaults pass their own checks', () => {
      const keys = def.fields.map((f) => f.key);
      expect(new Set(keys).size, `${kind}: repeated field keys in ${keys.join(', ')}`).toBe(keys.length);
      for (const f of def.fields) {
        expect(f.label.trim(), `${kind}.${f.key}: label`).not.toBe('');
        expect(checkParamValue(f, f.default), `${kind}.${f.key}: default`).toBeNull();
      }
      const r = resolveParams(kind, defaultParams(kind));
      expect(r.errors, `${kind}: default params`).toEqual([]);
      expect(def.checkParams?.(r.params) ?? [], `${kind}: checkParams on the defaults`).toEqual([]);
    });

    it('takes a sensible number of inputs, with a merge rule exactly when it merges', () => {
      expect(def.inputs.min, `${kind}: inputs.min`).toBeGreaterThanOrEqual(0);
      expect(def.inputs.max, `${kind}: inputs.max`).toBeGreaterThanOrEqual(def.inputs.min);
      expect(def.merge !== undefined, `${kind}: merge rule present iff more than one input is allowed`).toBe(def.inputs.max > 1);
      if (def.merge) {
        expect(def.merge.needs.trim(), `${kind}: merge.needs`).not.toBe('');
        expect(def.merge.agree(MAP, MAP), `${kind}: merge rule refuses two equal shapes`).toBe(true);
        expect(def.merge.agree(MAP, VECTOR), `${kind}: merge rule accepts a map with a vector`).toBe(false);
      }
    });

    it('infers a shape, an exact cost and a receptive field on a sample input', () => {
      const s = sampleInput(def);
      expect(s.output, `${kind}: inferShape refuses every sample input: ${s.errors.join(' / ')}`).not.toBeNull();
      const output = s.output as Shape;
      expect(
        output.every((d) => Number.isInteger(d) && d > 0),
        `${kind}: output shape [${output.join(', ')}]`,
      ).toBe(true);
      const ctx = { params: resolveParams(kind, {}).params, inputShapes: s.inputShapes };
      const cost = def.cost(ctx, output);
      for (const [name, v] of Object.entries(cost)) {
        expect(Number.isInteger(v) && v >= 0, `${kind}: cost.${name} = ${v}`).toBe(true);
      }
      expect(cost.params, `${kind}: params = trainable + non-trainable`).toBe(cost.trainableParams + cost.nonTrainableParams);
      expect(cost.flops, `${kind}: flops ≥ 2 × MACs`).toBeGreaterThanOrEqual(2 * cost.macs);
      const rf = def.receptiveField(
        ctx,
        s.inputShapes.map(() => ({ size: [3, 3], jump: [2, 2] })),
      );
      for (const v of [...rf.size, ...rf.jump]) expect(Number.isInteger(v) && v >= 1, `${kind}: receptive field ${JSON.stringify(rf)}`).toBe(true);
    });

    it('lowers to stock Keras layers that the topology writer chains under the block name', () => {
      const parts = def.keras(resolveParams(kind, {}).params);
      expect(parts.length, `${kind}: keras() gives no layers`).toBeGreaterThan(0);
      expect(new Set(parts.map((p) => p.suffix)).size, `${kind}: repeated layer suffixes`).toBe(parts.length);
      for (const p of parts) expect(p.cls, `${kind}: Keras class name`).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(
        parts.some((p) => p.cls === 'InputLayer'),
        `${kind}: only the input kind gives an InputLayer`,
      ).toBe(def.inputs.max === 0);

      const s = sampleInput(def);
      const { design, blockId } = designAround(def, s.source, s.output as Shape);
      const analysis = analyzeDesign(design);
      expect(
        analysis.issues.filter((i) => i.severity === 'error').map((i) => i.message),
        `${kind}: sample design`,
      ).toEqual([]);
      const exported = designToKerasModel(design);
      const names = exported.blockLayers[blockId];
      const byName = new Map(exported.model.config.layers.map((l) => [l.name, l.class_name]));
      expect(
        names.map((n) => byName.get(n)),
        `${kind}: the writer's layers for the block`,
      ).toEqual(parts.map((p) => p.cls));
    });
  });
});
