import { useMemo, useState } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { paretoFront, rowAccuracy, type ComparisonRow } from '../../core/compare/index';
import { formatCompact } from '../summary/format';
import { markText, useExploreMarks } from '../explore/use-explore-marks';
import { accuracyAxis, logAxisTicks } from './axis-ticks';
import { profileAt } from '../../state/latency';
import { formatMs } from '../latency/use-latency';
import { useVariantLatencies } from '../latency/use-variant-latencies';

/** 'latency': measured ms per image at batch 1 ('Measure on this device'); unmeasured variants are left off. */
type CostKey = 'macs' | 'params' | 'latency';
const COST_LABEL: Record<CostKey, string> = { macs: 'MACs', params: 'Params', latency: 'Latency' };
const costUnit = (k: CostKey) => (k === 'macs' ? 'MACs' : k === 'params' ? 'params' : 'ms per image');
const formatCost = (k: CostKey, v: number) => (k === 'latency' ? formatMs(v) : formatCompact(v));

interface Point {
  id: string;
  name: string;
  cost: number;
  accuracy: number;
  onFront: boolean;
  /** An explorer candidate that did not reach its search's last round: "rung 1, 8 s" (drawn hollow). */
  partial?: string;
}

interface ShapeProps {
  cx?: number;
  cy?: number;
  payload?: Point;
}

/** Accuracy vs cost with the Pareto front; untrained variants sit on a cost-only strip below. */
export function TradeoffScatter({ rows, onOpen }: { rows: ComparisonRow[]; onOpen(variantId: string): void }) {
  const [costKey, setCostKey] = useState<CostKey>('macs');
  const [logX, setLogX] = useState(true);
  const latencies = useVariantLatencies();
  const marks = useExploreMarks();
  const { trained, untrained, front, dropped, unmeasured } = useMemo(() => {
    const costOf = (r: ComparisonRow): number | null =>
      costKey === 'latency' ? (profileAt(latencies.get(r.variantId), 1)?.msPerImage ?? null) : r[costKey];
    const usable = (r: ComparisonRow) => {
      const c = costOf(r);
      return c !== null && (!logX || c > 0);
    };
    const pts = rows
      .filter((r) => rowAccuracy(r) !== null && usable(r))
      .map((r) => {
        const m = marks.get(r.variantId);
        return {
          id: r.variantId,
          name: r.name,
          cost: costOf(r) ?? 0,
          accuracy: rowAccuracy(r) ?? 0,
          onFront: false,
          ...(m && !m.final ? { partial: markText(m) } : {}),
        };
      });
    const f = paretoFront(pts);
    const onFront = new Set(f.map((p) => p.id));
    const all = pts.map((p) => ({ ...p, onFront: onFront.has(p.id) }));
    const cheap = rows
      .filter((r) => rowAccuracy(r) === null && usable(r))
      .map((r) => ({ id: r.variantId, name: r.name, cost: costOf(r) ?? 0, accuracy: 0, onFront: false }));
    const missing = rows.filter((r) => costOf(r) === null).length;
    return {
      trained: all,
      untrained: cheap,
      front: all.filter((p) => p.onFront).sort((a, b) => a.cost - b.cost),
      dropped: rows.filter((r) => !usable(r)).length - missing,
      unmeasured: missing,
    };
  }, [rows, costKey, logX, latencies, marks]);

  const costs = [...trained, ...untrained].map((p) => p.cost);
  const lo = costs.length ? Math.min(...costs) : 1;
  const hi = costs.length ? Math.max(...costs) : 10;
  const domain: [number, number] = logX ? [lo / 1.5, hi * 1.5] : [0, hi * 1.08 || 1];
  const xTicks = logX ? logAxisTicks(domain, costs) : undefined;
  const yAxis = accuracyAxis(trained.map((p) => p.accuracy));
  const xAxis = (ticks: boolean) => (
    <XAxis
      type="number"
      dataKey="cost"
      name={COST_LABEL[costKey]}
      scale={logX ? 'log' : 'linear'}
      domain={domain}
      allowDataOverflow
      ticks={xTicks && xTicks.length >= 1 ? xTicks : undefined}
      tickFormatter={(v: number) => formatCost(costKey, v)}
      fontSize={11}
      hide={!ticks}
    />
  );
  const dot = (kind: 'trained' | 'cost') =>
    function Dot(props: ShapeProps) {
      const p = props.payload;
      if (!p || props.cx === undefined || props.cy === undefined) return <g />;
      return (
        <circle
          cx={props.cx}
          cy={props.cy}
          r={p.onFront ? 7 : 5.5}
          className={`cmp-dot cmp-dot--${kind}${p.onFront ? ' cmp-dot--front' : ''}${p.partial ? ' cmp-dot--partial' : ''}`}
          data-testid={`${kind === 'trained' ? 'tradeoff-point' : 'cost-point'}-${p.id}`}
          data-on-front={p.onFront ? 'true' : 'false'}
          data-partial={p.partial ?? undefined}
          onClick={() => onOpen(p.id)}
        >
          <title>{`${p.name}: ${formatCost(costKey, p.cost)}${costKey === 'latency' ? ' per image' : ` ${costUnit(costKey)}`}${kind === 'trained' ? `, ${(p.accuracy * 100).toFixed(2)}%` : ' (not trained)'}${p.partial ? ` (explorer: stopped at ${p.partial})` : ''}`}</title>
        </circle>
      );
    };

  return (
    <section className="cmp-section" aria-label="Accuracy vs cost">
      <header className="cmp-section__head">
        <h3>Accuracy vs {costUnit(costKey)}</h3>
        <span className="cmp-spacer" />
        <div className="cmp-toggle" role="group" aria-label="Cost axis">
          {(['macs', 'params', 'latency'] as const).map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={costKey === k}
              className={costKey === k ? 'is-on' : undefined}
              onClick={() => setCostKey(k)}
              data-testid={`tradeoff-x-${k}`}
            >
              {COST_LABEL[k]}
            </button>
          ))}
        </div>
        <label className="cmp-check">
          <input type="checkbox" checked={logX} onChange={(e) => setLogX(e.target.checked)} data-testid="tradeoff-log" /> log x
        </label>
      </header>
      <div data-testid="tradeoff-chart" data-points={trained.length} data-front={front.map((p) => p.id).join(',')}>
        <ResponsiveContainer width="100%" height={220}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
            {xAxis(true)}
            <YAxis
              type="number"
              dataKey="accuracy"
              name="Accuracy"
              domain={yAxis.domain}
              ticks={yAxis.ticks}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              fontSize={11}
              width={52}
            />
            <Tooltip cursor={{ strokeDasharray: '3 3' }} content={() => null} />
            <Scatter
              name="Pareto front"
              data={front}
              line={{ stroke: '#e07a10', strokeWidth: 2 }}
              lineType="joint"
              shape={() => <g />}
              isAnimationActive={false}
            />
            <Scatter name="Variants" data={trained} shape={dot('trained')} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
        {trained.some((p) => p.partial) && (
          <p className="cmp-note">Hollow: explorer candidates that did not reach the last round (less training; hover for their rung).</p>
        )}
        {trained.length === 0 && <p className="cmp-empty">No selected variant has a finished run yet: train one to place it on the chart.</p>}
      </div>
      {untrained.length > 0 && (
        <div className="cmp-strip" data-testid="cost-strip" data-points={untrained.length}>
          <span className="cmp-strip__label">Not trained (cost only)</span>
          <ResponsiveContainer width="100%" height={44}>
            <ScatterChart margin={{ top: 6, right: 16, bottom: 0, left: 44 }}>
              {xAxis(false)}
              <YAxis type="number" dataKey="accuracy" domain={[-1, 1]} hide />
              <Scatter name="Untrained" data={untrained} shape={dot('cost')} isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      )}
      {dropped > 0 && (
        <p className="cmp-note">
          {dropped} variant(s) with zero {costUnit(costKey)} are left off the log axis.
        </p>
      )}
      {unmeasured > 0 && (
        <p className="cmp-note" data-testid="tradeoff-unmeasured">
          {unmeasured} variant(s) without a current latency measurement are left off (open each and use “Measure on this device” in the Layers tab).
        </p>
      )}
    </section>
  );
}
