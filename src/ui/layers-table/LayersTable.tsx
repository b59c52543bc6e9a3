import { memo, useMemo, useRef, useState } from 'react';
import { getBlockDef } from '../../core/blocks/registry';
import { useAppStore } from '../../state/store';
import { formatExact, formatShape } from '../summary/format';
import { useAnalysis } from '../summary/use-analysis';
import { displayTotals } from '../summary/resolved-totals';
import { LayerRowView, shareWidth } from './LayerRowView';
import { useRowWindow } from './use-row-window';
import { profileAt, type LatencyProfile } from '../../state/latency';
import { MeasureLatency } from '../latency/MeasureLatency';
import { formatMs, useActiveLatency } from '../latency/use-latency';
import { buildRows, dominantRow, formatShare, sortRows, type LayerRow, type SortDir, type SortKey } from './sort-rows';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'order', label: '#', numeric: true },
  { key: 'name', label: 'Name' },
  { key: 'kind', label: 'Kind' },
  { key: 'shape', label: 'Output shape' },
  { key: 'params', label: 'Params', numeric: true },
  { key: 'macs', label: 'MACs', numeric: true },
];

/** Stands in for the rows outside the rendered window (large designs only). */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="layers__spacer" aria-hidden="true" style={{ height }}>
      <td colSpan={10} />
    </tr>
  );
}

/**
 * Table body; memoised so dragging blocks (which keeps the analysis) does not re-render it, and made of
 * memoised rows so a parameter edit re-renders only the rows whose displayed values change. Large
 * designs render only the rows in view (useRowWindow).
 */
const LayerRows = memo(function LayerRows({
  rows,
  selected,
  totalParams,
  totalMacs,
  dominant,
  latency,
}: {
  rows: LayerRow[];
  selected: readonly string[];
  totalParams: number;
  totalMacs: number;
  dominant: string | null;
  /** The active variant's batch-1 measurement (null: not measured, or the design changed since). */
  latency: LatencyProfile | null;
}) {
  const picked = useMemo(() => new Set(selected), [selected]);
  const timed = useMemo(() => new Map((latency?.blocks ?? []).map((b) => [b.id, b] as const)), [latency]);
  const latencyOf = (blockId: string) => {
    const b = timed.get(blockId);
    return b ? { ms: formatMs(b.ms), share: formatShare(b.share), bar: shareWidth(b.share) } : null;
  };
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const { start, end, rowHeight } = useRowWindow(bodyRef, rows.length);
  return (
    <tbody ref={bodyRef}>
      {start > 0 && <Spacer height={start * rowHeight} />}
      {rows.slice(start, end).map((r, i) => (
        <LayerRowView
          key={r.blockId}
          rowIndex={start + i + 2}
          blockId={r.blockId}
          order={r.order}
          name={r.name}
          kind={r.kind}
          shape={r.shape}
          params={r.params}
          macs={r.macs}
          paramShare={formatShare(r.paramShare)}
          paramBar={shareWidth(r.paramShare)}
          macShare={formatShare(r.macShare)}
          macBar={shareWidth(r.macShare)}
          latency={latencyOf(r.blockId)}
          selected={picked.has(r.blockId)}
          hasError={r.hasError}
          dominant={r.blockId === dominant}
        />
      ))}
      {end < rows.length && <Spacer height={(rows.length - end) * rowHeight} />}
      <tr className="layers__total" aria-rowindex={rows.length + 2}>
        <td />
        <td colSpan={3}>Total</td>
        <td className="num mono" data-testid="layers-total-params">
          {formatExact(totalParams)}
        </td>
        <td className="num mono">{formatExact(totalMacs)}</td>
        <td colSpan={2} />
        <td
          className="num mono"
          data-testid="layers-total-latency"
          title={latency ? `Whole model, timed directly: ${formatMs(latency.wholeModelMs)}` : undefined}
        >
          {latency ? formatMs(latency.layersSumMs) : ''}
        </td>
        <td />
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
    () =>
      sortRows(
        buildRows(analysis, (s) => getBlockDef(s.kind).label),
        sort.key,
        sort.dir,
      ),
    [analysis, sort],
  );

  const totals = displayTotals(analysis);
  const measured = profileAt(useActiveLatency().latency, 1) ?? null;
  const dominant = dominantRow(rows);
  const dominantInput = dominant ? analysis.byId[dominant.blockId]?.inputShapes[0] : undefined;

  const toggleSort = (key: SortKey) =>
    setSort((prev) => ({ key, dir: prev.key === key && prev.dir === 'asc' ? 'desc' : key === 'params' || key === 'macs' ? 'desc' : 'asc' }));

  return (
    <>
      <MeasureLatency />
      <table className="layers" data-testid="layers-table" aria-label="Layers" aria-rowcount={rows.length + 2}>
        {dominant && (
          <caption className="layers__dominant" data-testid="layers-dominant">
            <strong>{dominant.name}</strong> ({dominant.kind}
            {dominantInput ? `, ${formatShape(dominantInput)} inputs` : ''}) holds <strong>{formatShare(dominant.paramShare)}</strong> of all
            parameters ({formatExact(dominant.params ?? 0)} of {formatExact(totals.params)}).
          </caption>
        )}
        <thead>
          <tr aria-rowindex={1}>
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
            <th
              scope="col"
              className="num"
              title="Measured inference time per block at batch 1 (median, layer-by-layer run); 'Measure on this device' fills it"
            >
              Latency
            </th>
            <th scope="col">Share of time</th>
          </tr>
        </thead>
        <LayerRows
          rows={rows}
          selected={selected}
          totalParams={totals.params}
          totalMacs={totals.macs}
          dominant={dominant?.blockId ?? null}
          latency={measured}
        />
      </table>
    </>
  );
}
