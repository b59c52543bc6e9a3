import { useMemo, useState } from 'react';
import { useAppStore } from '../../state/store';
import { BreakdownBars } from './BreakdownBars';
import { CompareTable } from './CompareTable';
import { DiffView } from './DiffView';
import { LearningCurves } from './LearningCurves';
import { TradeoffScatter } from './TradeoffScatter';
import { useCompareData, useVariantsWhileVisible } from './use-compare-data';
import './compare.css';

export interface ComparePanelProps {
  /** Called after a variant was made active from the comparison (e.g. to switch back to the editor tab). */
  onOpenVariant?: (variantId: string) => void;
  /** False while the panel is mounted but hidden: it then ignores design edits until shown again. */
  visible?: boolean;
}

/** Side-by-side comparison of the checked variants: table, trade-off chart, breakdown, diff and learning curves. */
export function ComparePanel({ onOpenVariant, visible = true }: ComparePanelProps) {
  const variants = useVariantsWhileVisible(visible);
  const activeId = useAppStore((s) => s.activeVariantId);
  // Unchecked ids are remembered, so variants created later start checked.
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(() => new Set());
  const selected = useMemo(() => new Set(variants.filter((v) => !excluded.has(v.id)).map((v) => v.id)), [variants, excluded]);
  const data = useCompareData(variants, selected);
  const items = useMemo(() => data.variants.map((v) => ({ name: v.name, analysis: data.analyses.get(v.id)! })), [data]);

  const toggle = (id: string) =>
    setExcluded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const open = (id: string) => {
    useAppStore.getState().setActiveVariant(id);
    onOpenVariant?.(id);
  };

  return (
    <div className="compare-panel" data-testid="compare-panel">
      <fieldset className="cmp-pick" aria-label="Variants to compare">
        <legend>Variants</legend>
        {variants.map((v) => (
          <label key={v.id} className={v.id === activeId ? 'cmp-pick__item is-active' : 'cmp-pick__item'}>
            <input type="checkbox" checked={selected.has(v.id)} onChange={() => toggle(v.id)} data-testid={`compare-pick-${v.id}`} /> {v.name}
          </label>
        ))}
        <span className="cmp-spacer" />
        <button type="button" onClick={() => setExcluded(new Set())} disabled={excluded.size === 0}>
          All
        </button>
        <button type="button" onClick={() => setExcluded(new Set(variants.map((v) => v.id)))} disabled={selected.size === 0}>
          None
        </button>
      </fieldset>
      {data.variants.length === 0 ? (
        <p className="cmp-empty">Check at least one variant to compare.</p>
      ) : (
        <>
          <CompareTable rows={data.rows} onOpen={open} />
          <div className="cmp-two">
            <TradeoffScatter rows={data.rows} onOpen={open} />
            <LearningCurves variants={data.variants} runs={data.runs} />
          </div>
          <BreakdownBars items={items} />
          <DiffView variants={data.variants} />
        </>
      )}
    </div>
  );
}
