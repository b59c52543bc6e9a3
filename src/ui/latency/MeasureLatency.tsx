import { describeMeasurement, measureVariantLatency, profileAt, useLatencyStore } from '../../state/latency';
import { sharedTrainerClient } from '../../state/slices/training-slice';
import { selectActiveDesign, useAppStore } from '../../state/store';
import { formatExact } from '../summary/format';
import { formatMs, useActiveLatency } from './use-latency';
import './latency.css';

/**
 * "Measure on this device": times the active variant's inference in the training worker (batch 1 and 32, the
 * training backend choice) and says what was measured next to the numbers.
 */
export function MeasureLatency() {
  const variantId = useAppStore((s) => s.activeVariantId);
  const design = useAppStore(selectActiveDesign);
  const training = useAppStore((s) => s.liveRun?.status === 'running' || s.liveRun?.status === 'paused');
  const measuring = useLatencyStore((s) => s.measuring);
  const error = useLatencyStore((s) => (variantId ? s.errors[variantId] : undefined));
  const { latency, stale } = useActiveLatency();
  const one = profileAt(latency, 1);
  const many = profileAt(latency, 32);

  const measure = () => {
    if (!variantId || !design) return;
    const backend = useAppStore.getState().trainingBackend;
    measureVariantLatency(sharedTrainerClient(), variantId, design, backend).catch(() => undefined);
  };

  return (
    <div className="latency-bar" data-testid="latency-bar">
      <button
        type="button"
        onClick={measure}
        disabled={measuring !== null || training || !design}
        title={
          training
            ? 'A run is training: measure after it finishes'
            : 'Time inference of this variant in the training worker (batch 1 and 32, median of repeated runs)'
        }
        data-testid="measure-latency"
      >
        {measuring === variantId && variantId ? 'Measuring…' : 'Measure on this device'}
      </button>
      {error && (
        <span className="latency-bar__error" role="alert" data-testid="latency-error">
          {error}
        </span>
      )}
      {!error && latency && one && (
        <span className="latency-bar__result" data-testid="latency-result" title={latency.backendDetail}>
          <strong>{formatMs(one.msPerImage)}</strong> per image at batch 1
          {many ? (
            <>
              {' · '}
              <strong>{formatExact(Math.round(many.imagesPerSecond))}</strong> images/s at batch 32
            </>
          ) : null}
          <span className="latency-bar__what" data-testid="latency-what">
            {' '}
            — {describeMeasurement(latency)}; whole model timed directly, per-block times from a layer-by-layer run (sum {formatMs(one.layersSumMs)}{' '}
            at batch 1)
          </span>
        </span>
      )}
      {!error && !latency && (
        <span className="latency-bar__what">
          {stale ? 'The design changed since the last measurement: measure again.' : 'Inference time of this variant on this device, per block.'}
        </span>
      )}
    </div>
  );
}
