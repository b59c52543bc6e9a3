import { expect, test, type Page } from '@playwright/test';
import { TrainingPage } from './pages/training-page';

/** Drags a canvas block back and forth for about `ms` milliseconds; returns the performance.now() window. */
async function dragBlockAround(page: Page, training: TrainingPage, ms: number): Promise<[number, number]> {
  const node = page.locator('.react-flow__node').first();
  const box = await node.boundingBox();
  if (!box) throw new Error('no block on the canvas');
  const x = box.x + box.width / 2;
  const y = box.y + 12;
  await page.mouse.move(x, y);
  await page.mouse.down();
  const from = await training.now();
  const end = Date.now() + ms;
  let dir = 1;
  while (Date.now() < end) {
    await page.mouse.move(x + dir * 120, y + 40, { steps: 12 });
    dir = -dir;
  }
  await page.mouse.move(x, y, { steps: 6 });
  const to = await training.now();
  await page.mouse.up();
  return [from, to];
}

test.describe('training in a Web Worker', () => {
  test('Sora-Lite learns MNIST (subset) with live charts, pause/resume, no long tasks while dragging', async ({ page }) => {
    test.setTimeout(600_000);
    const training = new TrainingPage(page);
    await page.goto('/');
    await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
    await training.recordLongTasks();

    await training.open();
    await training.waitForMnist();
    await training.configure({ limit: 3000, epochs: 2, batchSize: 32, learningRate: 0.003 });
    await training.start();
    await training.waitForChartPoints(3);
    const first = await training.run();
    expect(first?.backend).toBeTruthy();

    await training.pause();
    await page.waitForTimeout(1500); // the charts redraw at most once a second
    const pausedAt = await training.chartPoints();
    await page.waitForTimeout(1500);
    expect(await training.chartPoints()).toBe(pausedAt);
    await training.resume();
    await training.waitForChartPoints(pausedAt + 2);

    // Drag a block while the worker trains: no main-thread long task may contain training-driven work
    // (event handling, store updates, chart redraws are marked 'sora:training-update').
    const trainWindow = await dragBlockAround(page, training, 3000);
    const all = await training.longTasksBetween(...trainWindow);
    const causedByTraining = await training.trainingLongTasksBetween(...trainWindow);
    const stillTraining = await training.run();
    expect(stillTraining?.status).toBe('running');
    expect(causedByTraining, `long tasks caused by training while dragging (of ${all.length} long tasks in all)`).toEqual([]);

    const done = await training.waitForFinish(540_000);
    expect(done.status, JSON.stringify(done)).toBe('completed');
    expect(done.epochs.length, JSON.stringify(done)).toBe(2);
    expect(done.epochs[1].valAccuracy, JSON.stringify(done)).toBeGreaterThan(0.9);
    expect(done.testAccuracy).toBeGreaterThan(0.9);
    expect(done.batchPoints).toBeGreaterThan(10);
    await expect(page.getByTestId('test-accuracy')).toContainText('test accuracy');
    await expect(page.getByTestId('confusion-matrix')).toBeVisible();
    await page.getByTestId('confusion-cell-1-1').click();
    await expect(page.getByTestId('confusion-examples').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('sample-predictions').locator('figure')).toHaveCount(16);
    await expect(training.runRows.first()).toHaveAttribute('data-status', 'completed');

    // Stop keeps the weights.
    await training.configure({ limit: 2000, epochs: 1 });
    await training.start();
    await training.waitForChartPoints(2);
    await training.stop();
    const stopped = await training.waitForFinish(120_000);
    expect(stopped.status).toBe('stopped');
    expect(stopped.hasWeights).toBe(true);
    await expect(page.getByTestId('train-evaluate')).toBeVisible();
    await expect(training.runRows).toHaveCount(2);
    await expect(training.runRows.first()).toHaveAttribute('data-status', 'stopped');
  });

  test('a bad dataset file shows a message naming it and keeps MNIST', async ({ page }) => {
    const training = new TrainingPage(page);
    await page.goto('/');
    await training.open();
    await training.waitForMnist();
    await training.uploadDatasetFiles([{ name: 'train-images-idx3-ubyte', buffer: Buffer.from([0, 0, 9, 9, 0, 0, 0, 1]) }]);
    await expect(training.datasetError).toContainText('train-images-idx3-ubyte: is not an IDX file (wrong magic number');
    await expect(training.datasetSummary).toContainText('MNIST');
    await expect(page.getByTestId('train-start')).toBeEnabled();
  });

  test('a run cut off by a reload is listed as interrupted', async ({ page }) => {
    test.setTimeout(240_000);
    const training = new TrainingPage(page);
    await page.goto('/');
    await training.open();
    await training.waitForMnist();
    await training.configure({ limit: 1000, epochs: 1 });
    await training.start();
    await expect(training.runRows.first()).toHaveAttribute('data-status', 'running');
    await page.reload();
    await training.open();
    await expect(training.runRows.first()).toHaveAttribute('data-status', 'interrupted', { timeout: 30_000 });
  });
});
