import { useLatencyStore, type OverlayMetric } from '../../state/latency';
import { formatOverlayValue, OVERLAY_LABELS } from './overlay';
import { useOverlay } from './use-overlay';
import './latency.css';

/** Toolbar selector: what the canvas colours blocks by. */
export function OverlaySelect() {
  const metric = useLatencyStore((s) => s.overlay);
  const setOverlay = useLatencyStore((s) => s.setOverlay);
  return (
    <label className="toolbar__overlay" title="Colour blocks on the canvas by a metric">
      Colour by{' '}
      <select value={metric} onChange={(e) => setOverlay(e.target.value as OverlayMetric)} data-testid="overlay-metric">
        {(Object.keys(OVERLAY_LABELS) as OverlayMetric[]).map((m) => (
          <option key={m} value={m}>
            {OVERLAY_LABELS[m]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The colour scale of the canvas overlay (bottom right of the canvas), or nothing when it is off. */
export function OverlayLegend() {
  const overlay = useOverlay();
  if (!overlay) return null;
  const empty = overlay.values.size === 0;
  return (
    <div
      className="overlay-legend"
      data-testid="overlay-legend"
      data-metric={overlay.metric}
      role="note"
      aria-label={`Blocks coloured by ${OVERLAY_LABELS[overlay.metric]}`}
    >
      <strong>{OVERLAY_LABELS[overlay.metric]}</strong>
      {empty ? (
        <span>{overlay.metric === 'latency' ? 'not measured: use “Measure on this device” in the Layers tab' : 'no values'}</span>
      ) : (
        <>
          <span>0</span>
          <span className="overlay-legend__ramp" aria-hidden="true" />
          <span data-testid="overlay-legend-max">{formatOverlayValue(overlay.metric, overlay.max)}</span>
          {overlay.metric === 'latency' && <span>(batch 1)</span>}
        </>
      )}
    </div>
  );
}
