import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { getBlockDef } from '../../core/blocks/registry';
import { stackedByKind } from '../../core/compare/index';
import type { GraphAnalysis } from '../../core/graph/analysis-types';
import type { BlockKind } from '../../core/graph/types';
import { formatCompact, formatExact } from '../summary/format';

/** A kind's chart colour comes from its block definition (`view.color` in src/core/blocks/<kind>.ts). */
function colorOf(kind: BlockKind): string {
  return getBlockDef(kind).view.color;
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
          {kinds.map((k) => (
            <Bar key={k} dataKey={k} stackId="cost" fill={colorOf(k)} isAnimationActive={false} />
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
