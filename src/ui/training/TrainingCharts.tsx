import { memo, useLayoutEffect, useMemo } from 'react';
import { epochEndX } from '../../core/compare/run-summary';
import type { BatchPoint, RunEpoch } from '../../state/persistence/runs-db';
import { markTrainingWork } from '../../state/slices/training-slice';
import { useAppStore } from '../../state/store';
import { LiveLineChart, type ChartSeries } from './LiveLineChart';
import { useLiveValue, usePointerHeld } from './use-live-value';

interface ChartProps {
  title: string;
  batches: BatchPoint[];
  epochs: RunEpoch[];
  totalEpochs: number;
  metric: 'loss' | 'accuracy';
}

/** One metric: the EMA-smoothed per-batch curve plus train / validation points per epoch. */
const MetricChart = memo(function MetricChart({ title, batches, epochs, totalEpochs, metric }: ChartProps) {
  const series = useMemo((): ChartSeries[] => {
    const ema = metric === 'loss' ? 'lossEma' : 'accuracyEma';
    // Each epoch's point sits where it ended (a time limit can close one part-way, e.g. at 0.47).
    const epochX = epochs.map(epochEndX);
    return [
      { name: 'batch (EMA)', color: '#2f6fdf', points: batches.map((b) => ({ x: b.x, y: b[ema] })) },
      {
        name: 'train / epoch',
        color: '#1f9d55',
        dots: true,
        points: epochs.map((e, i) => ({ x: epochX[i], y: metric === 'loss' ? e.loss : e.accuracy })),
      },
      {
        name: 'validation / epoch',
        color: '#e07a10',
        dots: true,
        points: epochs.map((e, i) => ({ x: epochX[i], y: metric === 'loss' ? e.valLoss : e.valAccuracy })),
      },
    ];
  }, [batches, epochs, metric]);
  return (
    <figure className="tp-chart" data-testid={`chart-${metric}`} data-points={batches.length} data-epochs={epochs.length}>
      <figcaption>
        {title}
        <span className="tp-legend">
          <i style={{ background: '#2f6fdf' }} /> per batch (EMA) <i style={{ background: '#1f9d55' }} /> train / epoch{' '}
          <i style={{ background: '#e07a10' }} /> validation / epoch
        </span>
      </figcaption>
      <LiveLineChart
        label={`${title} per batch (smoothed) and per epoch, train and validation`}
        series={series}
        xMax={Math.max(1, totalEpochs)}
        y={metric === 'accuracy' ? [0, 1] : 'zero-auto'}
        height={170}
        xLabel={(x) => `epoch ${x.toFixed(2)}`}
      />
    </figure>
  );
});

/** Chart redraws at most this often (and never during a drag): the charts are the main thread's biggest cost while training. */
export const CHART_REFRESH_MS = 1000;

/** Live loss and accuracy charts of the current run (smoothed per-batch curves, train / validation per epoch). */
export function TrainingCharts() {
  const frozen = usePointerHeld();
  const batches = useLiveValue(
    useAppStore((s) => s.liveRun?.batchPoints),
    CHART_REFRESH_MS,
    frozen,
  );
  const epochs = useLiveValue(
    useAppStore((s) => s.liveRun?.epochPoints),
    CHART_REFRESH_MS,
    frozen,
  );
  const totalEpochs = useAppStore((s) => s.liveRun?.config.epochs ?? 1);
  // Marks the commit of a chart redraw (React renders it in a task of its own, after useLiveValue's timer).
  useLayoutEffect(() => markTrainingWork('charts-render'), [batches, epochs]);
  if (!batches || !epochs) return null;
  return (
    <div className="tp-charts">
      <MetricChart title="Loss" metric="loss" batches={batches} epochs={epochs} totalEpochs={totalEpochs} />
      <MetricChart title="Accuracy" metric="accuracy" batches={batches} epochs={epochs} totalEpochs={totalEpochs} />
    </div>
  );
}
