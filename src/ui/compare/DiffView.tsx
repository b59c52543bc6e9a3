import { useMemo, useState } from 'react';
import { diffDesigns, formatParamValue } from '../../core/compare/index';
import type { Variant } from '../../state/types';
import { formatExact } from '../summary/format';

const signed = (n: number) => (n > 0 ? `+${formatExact(n)}` : n < 0 ? `−${formatExact(-n)}` : '0');

/** Block-level differences between two variants (matched by block name) with the cost deltas. */
export function DiffView({ variants }: { variants: Variant[] }) {
  const [pick, setPick] = useState<[string | null, string | null]>([null, null]);
  const idA = pick[0] && variants.some((v) => v.id === pick[0]) ? pick[0] : variants[0]?.id;
  const idB = pick[1] && variants.some((v) => v.id === pick[1]) ? pick[1] : (variants[1] ?? variants[0])?.id;
  const a = variants.find((v) => v.id === idA);
  const b = variants.find((v) => v.id === idB);
  const diff = useMemo(() => (a && b ? diffDesigns(a.design, b.design) : null), [a, b]);
  const select = (slot: 0 | 1, label: string, value: string | undefined) => (
    <label className="cmp-select">
      {label}{' '}
      <select
        value={value ?? ''}
        onChange={(e) => setPick((p) => (slot === 0 ? [e.target.value, p[1]] : [p[0], e.target.value]))}
        data-testid={`diff-${slot === 0 ? 'a' : 'b'}`}
      >
        {variants.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="cmp-section" aria-label="Design diff">
      <header className="cmp-section__head">
        <h3>Diff</h3>
        {select(0, 'from', idA)}
        {select(1, 'to', idB)}
      </header>
      {!diff ? (
        <p className="cmp-empty">Select variants to compare.</p>
      ) : (
        <div className="cmp-diff" data-testid="design-diff">
          <p className="cmp-diff__totals" data-testid="diff-totals">
            Params {formatExact(diff.before.params)} → {formatExact(diff.after.params)} ({signed(diff.delta.params)}) · MACs{' '}
            {formatExact(diff.before.macs)} → {formatExact(diff.after.macs)} ({signed(diff.delta.macs)}) · {diff.unchangedCount} block(s) unchanged
          </p>
          {diff.added.length + diff.removed.length + diff.changed.length + diff.affected.length === 0 && (
            <p className="cmp-empty">The two designs have the same blocks and settings.</p>
          )}
          <ul className="cmp-diff__list">
            {diff.removed.map((x) => (
              <li key={`r-${x.name}`} className="cmp-diff--removed" data-testid="diff-removed">
                − <b>{x.name}</b> ({x.kind}) {signed(-x.params)} params, {signed(-x.macs)} MACs
              </li>
            ))}
            {diff.added.map((x) => (
              <li key={`a-${x.name}`} className="cmp-diff--added" data-testid="diff-added">
                + <b>{x.name}</b> ({x.kind}) {signed(x.params)} params, {signed(x.macs)} MACs
              </li>
            ))}
            {diff.changed.map((c) => (
              <li key={`c-${c.name}`} className="cmp-diff--changed" data-testid="diff-changed">
                ~ <b>{c.name}</b>
                {c.kindBefore !== c.kindAfter && ` (${c.kindBefore} → ${c.kindAfter})`}:{' '}
                {c.params.map((p) => `${p.key} ${formatParamValue(p.before)} → ${formatParamValue(p.after)}`).join(', ')}
                {c.inputsBefore && ` inputs [${c.inputsBefore.join(', ')}] → [${c.inputsAfter?.join(', ')}]`} ({signed(c.delta.params)} params,{' '}
                {signed(c.delta.macs)} MACs)
              </li>
            ))}
            {diff.affected.map((x) => (
              <li key={`f-${x.name}`} className="cmp-diff--affected" data-testid="diff-affected">
                · <b>{x.name}</b> same settings, new input shape: {signed(x.delta.params)} params, {signed(x.delta.macs)} MACs
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
