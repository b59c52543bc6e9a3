import { memo, useMemo, useState } from 'react';
import type { GraphTotals } from '../../core/graph/analysis-types';
import { getBlockDef } from '../../core/blocks/registry';
import { useAppStore } from '../../state/store';
import { formatExact, formatShape } from '../summary/format';
import { useAnalysis } from '../summary/use-analysis';
import { displayTotals } from '../summary/resolved-totals';
import { buildRows, dominantRow, formatShare, sortRows, type LayerRow, type SortDir, type SortKey } from './sort-rows';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'order', label: '#', numeric: true },
  { key: 'name', label: 'Name' },
  { key: 'kind', label: 'Kind' },
  { key: 'shape', label: 'Output shape' },
  { key: 'params', label: 'Params', numeric: true },
  { key: 'macs', label: 'MACs', numeric: true },
];

function ShareBar({ share, label }: { share: number; label: string }) {
  const pct = formatShare(share);
  return (
    <span className="share" title={`${pct} of total ${label}`} aria-label={`${pct} of total ${label}`}>
      <span className="share__track">
        <span className="share__bar" style={{ width: `${Math.min(100, share * 100)}%` }} />
      </span>
      <span className="share__text">{pct}</span>
    </span>
  );
}

function selectAndCenter(blockId: string) {
  const s = useAppStore.getState();
  s.setSelection([blockId]);
  s.requestCanvas({ type: 'center', blockId });
}

/** Table body; memoised so dragging blocks (which keeps the analysis) does not re-render every row. */
const LayerRows = memo(function LayerRows({
  rows,
  selected,
  totals,
  dominant,
}: {
  rows: LayerRow[];
  selected: string[];
  totals: GraphTotals;
  dominant: string | null;
}) {
  return (
    <tbody>
      {rows.map((r) => (
        <tr
          key={r.blockId}
          className={`${selected.includes(r.blockId) ? 'is-selected' : ''}${r.hasError ? ' has-error' : ''}${r.blockId === dominant ? ' is-dominant' : ''}`}
          onClick={() => selectAndCenter(r.blockId)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              selectAndCenter(r.blockId);
            }
          }}
          tabIndex={0}
          aria-selected={selected.includes(r.blockId)}
          data-testid={`layers-row-${r.name}`}
        >
          <td className="num">{r.order + 1}</td>
          <td>{r.name}</td>
          <td>{r.kind}</td>
          <td className="mono">{r.shape}</td>
          <td className="num mono">{r.params === null ? '—' : formatExact(r.params)}</td>
          <td className="num mono">{r.macs === null ? '—' : formatExact(r.macs)}</td>
          <td>
            <ShareBar share={r.paramShare} label="params" />
          </td>
          <td>
            <ShareBar share={r.macShare} label="MACs" />
          </td>
        </tr>
      ))}
      <tr className="layers__total">
        <td />
        <td colSpan={3}>Total</td>
        <td className="num mono" data-testid="layers-total-params">
          {formatExact(totals.params)}
        </td>
        <td className="num mono">{formatExact(totals.macs)}</td>
        <td colSpan={2} />
      </tr>
    </tbody>
  );
});

/** Keras-style model summary: one row per block, sortable; a click selects and centres the block. */
export function LayersTable() {
  const { analysis } = useAnalysis();
  const selected = useAppStore((s) => s.selectedBlockIds);
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'order', dir: 'asc' });
  const rows = useMemo(
    () => sortRows(buildRows(analysis, (s) => getBlockDef(s.kind).label), sort.key, sort.dir),
    [analysis, sort],
  );

  const totals = displayTotals(analysis);
  const dominant = dominantRow(rows);
  const dominantInput = dominant ? analysis.byId[dominant.blockId]?.inputShapes[0] : undefined;

  const toggleSort = (key: SortKey) =>
    setSort((prev) => ({ key, dir: prev.key === key && prev.dir === 'asc' ? 'desc' : key === 'params' || key === 'macs' ? 'desc' : 'asc' }));

  return (
    <table className="layers" data-testid="layers-table" aria-label="Layers">
      {dominant && (
        <caption className="layers__dominant" data-testid="layers-dominant">
          <strong>{dominant.name}</strong> ({dominant.kind}
          {dominantInput ? `, ${formatShape(dominantInput)} inputs` : ''}) holds{' '}
          <strong>{formatShare(dominant.paramShare)}</strong> of all parameters ({formatExact(dominant.params ?? 0)} of{' '}
          {formatExact(totals.params)}).
        </caption>
      )}
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={c.numeric ? 'num' : undefined}
              aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" onClick={() => toggleSort(c.key)} data-testid={`layers-sort-${c.key}`}>
                {c.label}
                {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            </th>
          ))}
          <th scope="col">Share of params</th>
          <th scope="col">Share of MACs</th>
        </tr>
      </thead>
      <LayerRows rows={rows} selected={selected} totals={totals} dominant={dominant?.blockId ?? null} />
    </table>
  );
}
