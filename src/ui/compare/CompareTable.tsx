import { useState } from 'react';
import {
  comparisonTable,
  sortComparisonRows,
  toCsv,
  toMarkdown,
  type ComparisonRow,
  type CompareSortKey,
  type SortDirection,
} from '../../core/compare/index';
import { downloadData, MIME } from '../export/download-bytes';
import { formatBytes, formatCompact, formatExact } from '../summary/format';
import { describeMeasurement, profileAt } from '../../state/latency';
import { formatMs } from '../latency/use-latency';
import { useVariantLatencies } from '../latency/use-variant-latencies';

interface Column {
  key: CompareSortKey;
  label: string;
  title?: string;
  cell(r: ComparisonRow): string;
  numeric: boolean;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
/** An invalid design's costs are its resolved part's: a lower bound. */
const atLeast = (r: ComparisonRow, text: string) => (r.partial ? `≥ ${text}` : text);

const COLUMNS: Column[] = [
  { key: 'name', label: 'Variant', cell: (r) => r.name, numeric: false },
  { key: 'params', label: 'Params', cell: (r) => atLeast(r, formatExact(r.params)), numeric: true },
  { key: 'macs', label: 'MACs', cell: (r) => atLeast(r, formatExact(r.macs)), numeric: true },
  { key: 'flops', label: 'FLOPs', cell: (r) => atLeast(r, formatCompact(r.flops)), numeric: true },
  {
    key: 'activationBytes',
    label: 'Activations',
    title: 'Activation memory, batch 1, float32',
    cell: (r) => atLeast(r, formatBytes(r.activationBytes)),
    numeric: true,
  },
  {
    key: 'receptiveField',
    label: 'RF',
    title: 'Receptive field at the output (px)',
    cell: (r) => (r.receptiveField ? `${r.receptiveField[0]}×${r.receptiveField[1]}` : '?'),
    numeric: true,
  },
  { key: 'bestValAccuracy', label: 'Best val acc', cell: (r) => pct(r.bestValAccuracy), numeric: true },
  { key: 'testAccuracy', label: 'Test acc', cell: (r) => pct(r.testAccuracy), numeric: true },
  {
    key: 'trainingSeconds',
    label: 'Train time',
    cell: (r) => (r.trainingSeconds === null ? '—' : `${r.trainingSeconds.toFixed(1)} s`),
    numeric: true,
  },
  {
    key: 'imagesPerSecond',
    label: 'Images/s',
    title: 'Training images per second (as the training panel showed it)',
    cell: (r) => (r.imagesPerSecond === null ? '—' : formatExact(r.imagesPerSecond)),
    numeric: true,
  },
  { key: 'backend', label: 'Backend', cell: (r) => r.backend ?? '—', numeric: false },
];

/** Sortable comparison table with CSV / Markdown downloads. */
export function CompareTable({ rows, onOpen }: { rows: ComparisonRow[]; onOpen(variantId: string): void }) {
  const [sort, setSort] = useState<{ key: CompareSortKey; dir: SortDirection } | null>(null);
  const shown = sort ? sortComparisonRows(rows, sort.key, sort.dir) : rows;
  const toggle = (key: CompareSortKey) =>
    setSort((s) =>
      s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'name' || key === 'backend' ? 'asc' : 'desc' },
    );
  const table = () => comparisonTable(shown);
  const latencies = useVariantLatencies();
  return (
    <section className="cmp-section" aria-label="Comparison table">
      <header className="cmp-section__head">
        <h3>Comparison</h3>
        <span className="cmp-spacer" />
        <button
          type="button"
          data-testid="compare-csv"
          onClick={() => downloadData('variants-comparison.csv', toCsv(table()), MIME.csv)}
          disabled={rows.length === 0}
        >
          CSV
        </button>
        <button
          type="button"
          data-testid="compare-md"
          onClick={() => downloadData('variants-comparison.md', toMarkdown(table()), MIME.markdown)}
          disabled={rows.length === 0}
        >
          Markdown
        </button>
      </header>
      <div className="cmp-table-wrap">
        <table className="cmp-table" data-testid="compare-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  className={c.numeric ? 'num' : undefined}
                  title={c.title}
                  aria-sort={sort?.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="cmp-sort" onClick={() => toggle(c.key)} data-testid={`compare-sort-${c.key}`}>
                    {c.label}
                    {sort?.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
              <th
                className="num"
                title="Measured inference time per image at batch 1 and images/s at batch 32 ('Measure on this device' in the Layers tab)"
              >
                Latency
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.variantId} data-testid="compare-row" data-variant-id={r.variantId} className={r.valid ? undefined : 'cmp-invalid'}>
                {COLUMNS.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key}>
                    {c.key === 'name' ? (
                      <button type="button" className="cmp-link" onClick={() => onOpen(r.variantId)} title="Open this variant in the editor">
                        {r.name}
                      </button>
                    ) : (
                      c.cell(r)
                    )}
                    {c.key === 'name' && !r.valid && (
                      <span className="cmp-badge" title="The design has errors: its costs are those of the blocks that resolved (at least this much)">
                        errors
                      </span>
                    )}
                  </td>
                ))}
                <LatencyCell measurement={latencies.get(r.variantId)} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Measured ms per image (batch 1) and images/s (batch 32), with what was measured in the title. */
function LatencyCell({ measurement }: { measurement: ReturnType<ReturnType<typeof useVariantLatencies>['get']> }) {
  const one = profileAt(measurement, 1);
  const many = profileAt(measurement, 32);
  return (
    <td className="num" data-col="latency" title={measurement ? describeMeasurement(measurement) : 'Not measured'}>
      {one ? `${formatMs(one.msPerImage)}${many ? ` · ${formatExact(Math.round(many.imagesPerSecond))}/s` : ''} (${one.backend})` : '—'}
    </td>
  );
}
