import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { epochEndX } from '../../core/compare/run-summary';
import type { RunRecord } from '../../state/persistence/runs-db';
import type { Variant } from '../../state/types';
import { accuracyAxis } from './axis-ticks';

const COLORS = ['#2f6fde', '#e07a10', '#1f9d55', '#c71585', '#7c4dce', '#d1453b', '#0e9f8e', '#b8860b'];

/** Validation accuracy per epoch of each selected variant's run (train accuracy where no validation was held out). */
export function LearningCurves({ variants, runs }: { variants: Variant[]; runs: Map<string, RunRecord> }) {
  const { data, series, yAxis, xMax } = useMemo(() => {
    const withRuns = variants.filter((v) => runs.has(v.id));
    // x = where each epoch ended: a time limit can stop one part-way (0.47 = 47% of the first epoch).
    const byEpoch = new Map<number, Record<string, number>>();
    const series = withRuns.map((v, i) => {
      const run = runs.get(v.id) as RunRecord;
      const useVal = run.epochHistory.some((e) => typeof e.valAccuracy === 'number');
      for (const e of run.epochHistory) {
        const y = useVal ? e.valAccuracy : e.accuracy;
        if (typeof y !== 'number') continue;
        const x = epochEndX(e);
        const row = byEpoch.get(x) ?? { epoch: x };
        row[v.id] = y;
        byEpoch.set(x, row);
      }
      return { id: v.id, name: useVal ? v.name : `${v.name} (train)`, color: COLORS[i % COLORS.length], epochs: run.epochHistory.length };
    });
    const values = [...byEpoch.values()].flatMap((row) =>
      Object.entries(row)
        .filter(([k]) => k !== 'epoch')
        .map(([, v]) => v),
    );
    const data = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
    const lastX = data.length > 0 ? data[data.length - 1].epoch : 1;
    return { data, series, yAxis: accuracyAxis(values), xMax: Math.max(1, Math.ceil(lastX)) };
  }, [variants, runs]);

  return (
    <section className="cmp-section" aria-label="Learning curves">
      <header className="cmp-section__head">
        <h3>Validation accuracy per epoch</h3>
      </header>
      {series.length === 0 ? (
        <p className="cmp-empty">No run to show yet.</p>
      ) : (
        <figure
          className="cmp-chart"
          data-testid="learning-curves"
          data-series={series.length}
          data-x={data.map((d) => d.epoch.toFixed(2)).join(' ')}
        >
          <ResponsiveContainer width="100%" height={200}>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
              <XAxis type="number" dataKey="epoch" domain={[0, xMax]} tickCount={Math.min(xMax, 10) + 1} allowDecimals={false} fontSize={11} />
              <YAxis
                type="number"
                domain={yAxis.domain}
                ticks={yAxis.ticks}
                tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
                fontSize={11}
                width={52}
              />
              <Tooltip
                formatter={(v) => (typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : String(v))}
                labelFormatter={(x) => `epoch ${Number(x).toFixed(2)}`}
              />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              {series.map((s) => (
                <Line
                  key={s.id}
                  dataKey={s.id}
                  name={s.name}
                  stroke={s.color}
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </figure>
      )}
    </section>
  );
}
