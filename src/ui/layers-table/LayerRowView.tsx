import { memo } from 'react';
import { useAppStore } from '../../state/store';
import { formatExact } from '../summary/format';
import { formatShare } from './sort-rows';

/** Bar width for a share, rounded to 0.1 % of the 80 px track (sub-pixel): rows whose bars look the same skip re-rendering. */
export function shareWidth(share: number): string {
  return `${Math.round(Math.min(100, share * 100) * 10) / 10}%`;
}

const ShareBar = memo(function ShareBar({ pct, width, label }: { pct: string; width: string; label: string }) {
  return (
    // The visible percentage is what assistive technology reads (under its column header); the bar is decoration.
    // (A span without a role may not carry aria-label.)
    <span className="share" title={`${pct} of total ${label}`}>
      <span className="share__track" aria-hidden="true">
        <span className="share__bar" style={{ width }} />
      </span>
      <span className="share__text">{pct}</span>
    </span>
  );
});

function selectAndCenter(blockId: string): void {
  const s = useAppStore.getState();
  s.setSelection([blockId]);
  s.requestCanvas({ type: 'center', blockId });
}

export interface LayerRowViewProps {
  /** Position in the table for assistive technology (the header row is 1); rows out of view are not rendered. */
  rowIndex: number;
  blockId: string;
  order: number;
  name: string;
  kind: string;
  shape: string;
  params: number | null;
  macs: number | null;
  /** Shares as displayed (percentage text and bar width): equal props mean an identical row. */
  paramShare: string;
  paramBar: string;
  macShare: string;
  macBar: string;
  /** Measured time at batch 1 ("0.12 ms") and its share of the layer-by-layer sum; null before a measurement. */
  latency: { ms: string; share: string; bar: string } | null;
  selected: boolean;
  hasError: boolean;
  dominant: boolean;
}

/**
 * One row of the layers table. Props are plain values, so after an edit only the rows whose numbers,
 * selection or error state changed re-render (a 200-block design has 200 rows).
 */
export const LayerRowView = memo(function LayerRowView(r: LayerRowViewProps) {
  return (
    <tr
      className={`${r.selected ? 'is-selected' : ''}${r.hasError ? ' has-error' : ''}${r.dominant ? ' is-dominant' : ''}`}
      onClick={() => selectAndCenter(r.blockId)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          selectAndCenter(r.blockId);
        }
      }}
      tabIndex={0}
      data-row
      aria-rowindex={r.rowIndex}
      aria-selected={r.selected}
      data-testid={`layers-row-${r.name}`}
    >
      <td className="num">{r.order + 1}</td>
      <td>{r.name}</td>
      <td>{r.kind}</td>
      <td className="mono">{r.shape}</td>
      <td className="num mono">{r.params === null ? '—' : formatExact(r.params)}</td>
      <td className="num mono">{r.macs === null ? '—' : formatExact(r.macs)}</td>
      <td>
        <ShareBar pct={r.paramShare} width={r.paramBar} label="params" />
      </td>
      <td>
        <ShareBar pct={r.macShare} width={r.macBar} label="MACs" />
      </td>
      <td className="num mono" data-col="latency">
        {r.latency ? r.latency.ms : '—'}
      </td>
      <td>{r.latency ? <ShareBar pct={r.latency.share} width={r.latency.bar} label="measured time" /> : null}</td>
    </tr>
  );
});
