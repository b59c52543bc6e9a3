import { describeMeasurement, profileAt } from '../../state/latency';
import { formatExact } from '../summary/format';
import { formatMs, useActiveLatency } from './use-latency';

/** Summary-bar item: measured images/s (batch 32) and ms per image (batch 1) of the active variant, once measured. */
export function MeasuredSpeed() {
  const { latency } = useActiveLatency();
  const many = profileAt(latency, 32);
  const one = profileAt(latency, 1);
  if (!latency || !many) return null;
  return (
    <div className="summary__item" title={`Measured inference: ${describeMeasurement(latency)} (${latency.backendDetail})`}>
      <span className="summary__label">Measured</span>
      <span className="summary__value" data-testid="summary-images-per-second">
        {formatExact(Math.round(many.imagesPerSecond))} images/s
      </span>
      {one && <span className="summary__compact">{`${formatMs(one.msPerImage)}/image, ${many.backend}`}</span>}
    </div>
  );
}
