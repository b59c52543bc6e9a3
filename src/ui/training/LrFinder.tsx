import { useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { applyLrSuggestion, startLrFinder, stopLrFinder, useLrFinderStore } from '../../state/lr-finder';
import { useAppStore } from '../../state/store';

const fmtLr = (v: number) => (v >= 0.01 ? String(Number(v.toPrecision(2))) : v.toExponential(0));

/** Powers of ten inside [lo, hi] (ticks of the log axis). */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

/**
 * "Find learning rate": a range test on a copy of the model (src/state/lr-finder.ts), loss vs learning rate on a
 * log axis, and the suggested peak rate applied to the settings with one more click.
 */
export function LrFinder() {
  const f = useLrFinderStore();
  const lr = useAppStore((s) => s.trainingConfig.learningRate);
  const busy = useAppStore((s) => s.liveRun?.status === 'running' || s.liveRun?.status === 'paused');
  const ready = useAppStore((s) => s.datasetSummary !== null);
  const data = useMemo(() => f.points.map((p) => ({ lr: p.lr, loss: p.loss, smoothed: p.smoothed })), [f.points]);
  const lo = data[0]?.lr ?? 1e-5;
  const hi = data[data.length - 1]?.lr ?? 1;
  const running = f.status === 'running';
  return (
    <section className="tp-card" aria-label="Learning-rate finder" data-testid="lr-finder">
      <div className="tp-row">
        <h3>Learning-rate finder</h3>
        {!running ? (
          <button
            type="button"
            onClick={() => startLrFinder()}
            disabled={busy || !ready}
            data-testid="lr-find"
            title="Trains a copy of the model for 150 steps with a rate growing from 1e-5 to 1; the design's weights are untouched"
          >
            Find learning rate
          </button>
        ) : (
          <button type="button" onClick={stopLrFinder} data-testid="lr-find-stop">
            Stop ({f.points.length}/{f.steps})
          </button>
        )}
      </div>
      {data.length > 0 && (
        <div data-testid="lr-chart" data-points={data.length}>
          <ResponsiveContainer width="100%" height={150}>
            <ComposedChart data={data} margin={{ top: 4, right: 10, bottom: 0, left: -14 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
              <XAxis
                type="number"
                dataKey="lr"
                scale="log"
                domain={[lo, hi]}
                ticks={decades(lo, hi)}
                tickFormatter={fmtLr}
                fontSize={10}
                allowDataOverflow
              />
              <YAxis type="number" domain={['auto', 'auto']} fontSize={10} width={44} tickFormatter={(v: number) => v.toFixed(2)} />
              <Tooltip
                formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))}
                labelFormatter={(x) => `rate ${Number(x).toExponential(2)}`}
              />
              <Line dataKey="loss" name="loss" stroke="#b8c7e6" dot={false} isAnimationActive={false} />
              <Line dataKey="smoothed" name="smoothed loss" stroke="#2f6fdf" strokeWidth={2} dot={false} isAnimationActive={false} />
              {f.suggestion !== null && <ReferenceLine x={f.suggestion} stroke="#e07a10" strokeDasharray="4 3" />}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      {f.status === 'done' && f.suggestion !== null && (
        <div className="tp-row">
          <span>
            Suggested peak rate: <b data-testid="lr-suggestion">{f.suggestion}</b>
          </span>
          <button type="button" onClick={applyLrSuggestion} disabled={busy || lr === f.suggestion} data-testid="lr-apply">
            {lr === f.suggestion ? 'Applied' : `Use ${f.suggestion}`}
          </button>
        </div>
      )}
      {f.message && (
        <p className={f.status === 'error' ? 'tp-error' : 'tp-hint'} data-testid="lr-message">
          {f.message}
        </p>
      )}
      {f.status === 'idle' && (
        <p className="tp-hint">
          Loss vs learning rate from a short test on a copy of the model; suggests a peak rate (steepest descent, at most a tenth of the rate at the
          lowest loss).
        </p>
      )}
    </section>
  );
}
