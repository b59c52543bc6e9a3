import { useEffect } from 'react';
import { holdTrainingUpdates } from '../../state/slices/training-slice';
import { useAppStore } from '../../state/store';
import { DatasetPanel } from './DatasetPanel';
import { LrFinder } from './LrFinder';
import { RunsList } from './RunsList';
import { TrainingCharts } from './TrainingCharts';
import { TrainingConfigForm } from './TrainingConfigForm';
import { TrainingControls } from './TrainingControls';
import { TrainingResults } from './TrainingResults';
import { usePointerHeld } from './use-live-value';
import './training.css';

/** The "Train" tab: dataset, settings, controls, live charts, results and saved runs. Never imports tfjs. */
export function TrainingPanel() {
  const ensureDataset = useAppStore((s) => s.ensureDatasetInspected);
  const loadRuns = useAppStore((s) => s.loadTrainingRuns);
  const held = usePointerHeld();
  useEffect(() => holdTrainingUpdates(held), [held]);
  useEffect(() => {
    ensureDataset();
    void loadRuns();
  }, [ensureDataset, loadRuns]);
  return (
    <div className="tp-panel" data-testid="training-panel">
      <div className="tp-col tp-col-left">
        <TrainingControls />
        <TrainingConfigForm />
        <LrFinder />
        <DatasetPanel />
      </div>
      <div className="tp-col tp-col-main">
        <TrainingCharts />
        <TrainingResults />
        <RunsList />
      </div>
    </div>
  );
}
