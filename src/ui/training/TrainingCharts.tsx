import { memo } from 'react';
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { epochEndX } from '../../core/compare/run-summary';
import type { BatchPoint, RunEpoch } from '../../state/persistence/runs-db';
import { useAppStore } from '../../state/store';
import { useLiveValue, usePointerHeld } from './use-live-value';

interface ChartProps {
  title: string;
  batches: BatchPoint[];
  epochs: RunEpoch[];
  totalEpochs: number;
  metric: 'loss' | 'accuracy';
}

interface EpochPoint {
  x: number;
  train?: number;
  val?: number;
}

/** One metric: the EMA-smoothed per-batch curve plus train / validation points per epoch. */
const MetricChart = memo(function MetricChart({ title, batches, epochs, totalEpochs, metric }: ChartProps) {
  // Each epoch's point sits where it ended (a time limit can close one part-way, e.g. at 0.47).
  const epochData: EpochPoint[] = epochs.map((e) => ({
    x: epochEndX(e),
    train: metric === 'loss' ? e.loss : e.accuracy,
    val: metric === 'loss' ? e.valLoss : e.valAccuracy,
  }));
  const ema = metric === 'loss' ? 'lossEma' : 'accuracyEma';
  return (
    <figure className="tp-chart" data-testid={`chart-${metric}`} data-points={batches.length} data-epochs={epochs.length}>
      <figcaption>
        {title}
        <span className="tp-legend">
          <i style={{ background: '#2f6fdf' }} /> per batch (EMA) <i style={{ background: '#1f9d55' }} /> train / epoch{' '}
          <i style={{ background: '#e07a10' }} /> validation / epoch
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <ComposedChart margin={{ top: 4, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
          <XAxis type="number" dataKey="x" domain={[0, Math.max(1, totalEpochs)]} tickCount={Math.min(totalEpochs, 10) + 1} allowDecimals={false} fontSize={11} />
          <YAxis type="number" domain={metric === 'accuracy' ? [0, 1] : [0, 'auto']} fontSize={11} width={48} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(x) => `epoch ${Number(x).toFixed(2)}`} />
          <Line data={batches} dataKey={ema} name="batch (EMA)" stroke="#2f6fdf" dot={false} strokeWidth={2} isAnimationActive={false} />
          <Line data={epochData} dataKey="train" name="train / epoch" stroke="#1f9d55" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          <Line data={epochData} dataKey="val" name="validation / epoch" stroke="#e07a10" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
});

/** Chart redraws at most this often (and never during a drag): the charts are the main thread's biggest cost while training. */
export const CHART_REFRESH_MS = 1000;

/** Live loss and accuracy charts of the current run (smoothed per-batch curves, train / validation per epoch). */
export function TrainingCharts() {
  const frozen = usePointerHeld();
  const batches = useLiveValue(useAppStore((s) => s.liveRun?.batchPoints), CHART_REFRESH_MS, frozen);
  const epochs = useLiveValue(useAppStore((s) => s.liveRun?.epochPoints), CHART_REFRESH_MS, frozen);
  const totalEpochs = useAppStore((s) => s.liveRun?.config.epochs ?? 1);
  if (!batches || !epochs) return null;
  return (
    <div className="tp-charts">
      <MetricChart title="Loss" metric="loss" batches={batches} epochs={epochs} totalEpochs={totalEpochs} />
      <MetricChart title="Accuracy" metric="accuracy" batches={batches} epochs={epochs} totalEpochs={totalEpochs} />
    </div>
  );
}
