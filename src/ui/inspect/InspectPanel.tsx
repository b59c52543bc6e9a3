import { useEffect, useState } from 'react';
import { latestTrainedRun } from '../../core/compare/run-summary';
import { useAppStore } from '../../state/store';
import { FieldSection } from './FieldSection';
import { ImageSection } from './ImageSection';
import './inspect.css';

/**
 * The Inspect tab (docs/inspect.md): effective receptive fields, feature maps and Grad-CAM of the active
 * variant — computed in the training worker, with the newest trained run's weights or fresh ones.
 */
export function InspectPanel() {
  const activeId = useAppStore((s) => s.activeVariantId);
  const runs = useAppStore((s) => s.trainingRuns);
  const ensureDataset = useAppStore((s) => s.ensureDatasetInspected);
  const [useTrained, setUseTrained] = useState(true);
  const trained = activeId ? latestTrainedRun(activeId, runs) : null;
  useEffect(() => ensureDataset(), [ensureDataset]);
  return (
    <div className="insp-panel" data-testid="inspect-panel">
      <div className="insp-row">
        <label>
          <input type="checkbox" checked={useTrained} onChange={(e) => setUseTrained(e.target.checked)} data-testid="inspect-use-trained" /> Use the
          newest trained run’s weights
        </label>
        <span className="insp-note">
          {trained && useTrained
            ? `Weights of the run of ${new Date(trained.startedAt).toLocaleString()} (its design as trained).`
            : 'Freshly initialised weights (train the variant to inspect what it learned).'}
        </span>
      </div>
      <FieldSection useTrained={useTrained} />
      <ImageSection useTrained={useTrained} />
    </div>
  );
}
