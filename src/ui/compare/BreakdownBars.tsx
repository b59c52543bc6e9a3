import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { stackedByKind } from '../../core/compare/index';
import type { GraphAnalysis } from '../../core/graph/analysis-types';
import type { BlockKind } from '../../core/graph/types';
import { formatCompact, formatExact } from '../summary/format';

const KIND_COLORS: Partial<Record<BlockKind, string>> = {
  'separable-conv': '#2f6fde',
  'receptive-field-conv': '#7c4dce',
  encoding: '#0e9f8e',
  output: '#e07a10',
  conv: '#d1453b',
  'depthwise-conv': '#5aa0f2',
  dense: '#b8860b',
  'batch-norm': '#8a96a8',
};
const FALLBACK = ['#6b8e23', '#c71585', '#4682b4', '#a0522d', '#2e8b57', '#9370db'];

function colorOf(kind: BlockKind, i: number): string {
  return KIND_COLORS[kind] ?? FALLBACK[i % FALLBACK.length];
}

function Stacked({ metric, items }: { metric: 'params' | 'macs'; items: { name: string; analysis: GraphAnalysis }[] }) {
  const { kinds, data } = useMemo(() => stackedByKind(items, metric), [items, metric]);
  const height = 60 + items.length * 34;
  return (
    <figure className="cmp-chart" data-testid={`breakdown-${metric}`} data-kinds={kinds.join(',')}>
      <figcaption>{metric === 'params' ? 'Params' : 'MACs'} by block kind</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
          <XAxis type="number" tickFormatter={(v: number) => formatCompact(v)} fontSize={11} />
          <YAxis type="category" dataKey="name" width={120} fontSize={11} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatExact(v) : String(v))} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {kinds.map((k, i) => (
            <Bar key={k} dataKey={k} stackId="cost" fill={colorOf(k, i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Per-variant params and MACs split by block kind (stacked horizontal bars). */
export function BreakdownBars({ items }: { items: { name: string; analysis: GraphAnalysis }[] }) {
  return (
    <section className="cmp-section" aria-label="Cost breakdown by block kind">
      <header className="cmp-section__head">
        <h3>Breakdown by block kind</h3>
      </header>
      <div className="cmp-two">
        <Stacked metric="params" items={items} />
        <Stacked metric="macs" items={items} />
      </div>
    </section>
  );
}
