import { useMemo, useState } from 'react';
import { analyzeDesign } from '../../core/graph/analyze';
import { defaultFieldBlock, spatialBlocks } from '../../core/inspect/spatial-blocks';
import { datasetRefOf, inspectModelFor, sendProbe, type ProbeResult } from '../../state/inspect-probes';
import { useAppStore } from '../../state/store';
import type { Variant } from '../../state/types';
import { heatToRgba } from './heatmap';
import { MapCanvas } from './MapCanvas';
import { errorMessage } from '../../core/result';

type FieldResult = Extract<ProbeResult, { kind: 'field' }>;
interface Side {
  variantId: string | null;
  blockId: string | null;
}
interface Outcome {
  result?: FieldResult;
  error?: string;
  weightsLabel?: string;
}

/** Number of test images the effective receptive field is averaged over. */
export const FIELD_SAMPLE = 32;

function blocksOf(v: Variant | undefined) {
  if (!v) return { options: [], fallback: null };
  const a = analyzeDesign(v.design);
  return { options: spatialBlocks(a), fallback: defaultFieldBlock(a)?.blockId ?? null };
}

/**
 * Effective receptive field of a block, side by side for the active variant and a second one: the mean
 * |gradient| of the block's centre output with respect to the input, drawn over the theoretical field.
 */
export function FieldSection({ useTrained }: { useTrained: boolean }) {
  const variants = useAppStore((s) => s.variants);
  const activeId = useAppStore((s) => s.activeVariantId);
  const runs = useAppStore((s) => s.trainingRuns);
  const dataset = useAppStore((s) => s.dataset);
  const [a, setA] = useState<Side>({ variantId: null, blockId: null });
  const [b, setB] = useState<Side>({ variantId: null, blockId: null });
  const [outcomes, setOutcomes] = useState<[Outcome, Outcome]>([{}, {}]);
  const [busy, setBusy] = useState(false);

  const sides = [
    { ...a, variantId: activeId },
    { ...b, variantId: b.variantId && variants.some((v) => v.id === b.variantId) ? b.variantId : null },
  ];
  const variantA = variants.find((v) => v.id === activeId);
  const variantB = variants.find((v) => v.id === sides[1].variantId);
  const blocksA = useMemo(() => blocksOf(variantA), [variantA]);
  const blocksB = useMemo(() => blocksOf(variantB), [variantB]);
  const blockOf = (side: Side, blocks: ReturnType<typeof blocksOf>) =>
    side.blockId && blocks.options.some((x) => x.blockId === side.blockId) ? side.blockId : blocks.fallback;
  const blockA = blockOf(a, blocksA);
  const blockB = blockOf(b, blocksB);

  const compute = async () => {
    setBusy(true);
    const jobs: [Variant | undefined, string | null][] = [
      [variantA, blockA],
      [variantB, blockB],
    ];
    const next: [Outcome, Outcome] = [{}, {}];
    for (const [i, [variant, blockId]] of jobs.entries()) {
      if (!variant || !blockId) continue;
      try {
        const model = await inspectModelFor(variant.id, variant.design, runs, useTrained);
        const result = await sendProbe(
          { kind: 'field', model: { design: model.design, weights: model.weights }, blockId, sampleCount: FIELD_SAMPLE },
          datasetRefOf(dataset),
        );
        next[i] = { result: result as FieldResult, weightsLabel: model.label };
      } catch (err) {
        next[i] = { error: errorMessage(err) };
      }
      setOutcomes([next[0], next[1]]);
    }
    setBusy(false);
  };

  return (
    <section className="insp-section" aria-labelledby="insp-field-title">
      <h3 id="insp-field-title">Effective receptive field</h3>
      <p className="insp-note">
        Mean |∂(Σ channels of the block’s centre output) / ∂input| over {FIELD_SAMPLE} test images; the dashed square is the theoretical receptive
        field.
      </p>
      <div className="insp-row">
        <label>
          Block{' '}
          <select value={blockA ?? ''} onChange={(e) => setA({ variantId: activeId, blockId: e.target.value })} data-testid="erf-block">
            {blocksA.options.map((x) => (
              <option key={x.blockId} value={x.blockId}>
                {x.name} ({x.outputShape?.join('×')})
              </option>
            ))}
          </select>
        </label>
        <label>
          Compare with{' '}
          <select
            value={sides[1].variantId ?? ''}
            onChange={(e) => setB({ variantId: e.target.value || null, blockId: null })}
            data-testid="erf-compare-variant"
          >
            <option value="">(none)</option>
            {variants
              .filter((v) => v.id !== activeId)
              .map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
          </select>
        </label>
        {variantB && (
          <label>
            its block{' '}
            <select value={blockB ?? ''} onChange={(e) => setB({ variantId: variantB.id, blockId: e.target.value })} data-testid="erf-compare-block">
              {blocksB.options.map((x) => (
                <option key={x.blockId} value={x.blockId}>
                  {x.name} ({x.outputShape?.join('×')})
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="btn btn-primary" onClick={() => void compute()} disabled={busy || !blockA} data-testid="erf-compute">
          {busy ? 'Computing…' : 'Compute effective RF'}
        </button>
      </div>
      <div className="insp-pair">
        <FieldView title={variantA?.name ?? '—'} outcome={outcomes[0]} testId="erf-canvas-a" />
        {variantB && <FieldView title={variantB.name} outcome={outcomes[1]} testId="erf-canvas-b" />}
      </div>
    </section>
  );
}

function FieldView({ title, outcome, testId }: { title: string; outcome: Outcome; testId: string }) {
  const r = outcome.result;
  const layers = useMemo(() => (r ? [{ rgba: heatToRgba(r.field.map), width: r.field.width, height: r.field.height }] : []), [r]);
  const f = r?.field;
  if (!r && !outcome.error) return null;
  return (
    <figure className="insp-field" data-testid={`${testId}-view`}>
      <figcaption>
        <strong>{title}</strong>
        {r && ` · ${r.blockName}`}
      </figcaption>
      {outcome.error && (
        <p className="insp-error" role="alert">
          {outcome.error}
        </p>
      )}
      {f && r && (
        <>
          <MapCanvas
            layers={layers}
            size={240}
            box={f.theoretical}
            marker={null}
            label={`Effective receptive field of ${r.blockName} in ${title}`}
            testId={testId}
          />
          <dl className="insp-facts">
            <dt>Theoretical RF</dt>
            <dd>
              {f.theoretical.height}×{f.theoretical.width} px
              {(f.theoretical.height > f.height || f.theoretical.width > f.width) &&
                ` (beyond the ${f.height}×${f.width} input: the square is clipped)`}
            </dd>
            <dt>Non-zero gradient</dt>
            <dd>{f.support ? `${f.support.height}×${f.support.width} px` : 'none'}</dd>
            <dt>Centre output</dt>
            <dd>
              ({f.centre[0]}, {f.centre[1]}) of {f.outputSize[0]}×{f.outputSize[1]}
            </dd>
            <dt>Averaged over</dt>
            <dd>{r.imageSource}</dd>
            <dt>Weights</dt>
            <dd>
              {outcome.weightsLabel}
              {r.weights.fresh > 0 ? ` (${r.weights.fresh} tensors fresh)` : ''}
            </dd>
          </dl>
        </>
      )}
    </figure>
  );
}
