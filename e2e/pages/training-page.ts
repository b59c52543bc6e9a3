import { expect, type Locator, type Page } from '@playwright/test';
import type { BackendRun } from '../helpers/backend-equivalence';

/** Plain numbers read from the store (window.__soraStore, dev builds only). */
export interface RunSnapshot {
  id: string;
  status: string;
  batchPoints: number;
  epochs: { epoch: number; accuracy: number; valAccuracy?: number }[];
  testAccuracy?: number;
  backend?: string;
  hasWeights: boolean;
  imagesPerSecond?: number;
  error?: string;
}

/** Page object for the "Train" tab: dataset panel, settings, controls, charts, results and runs. */
export class TrainingPage {
  readonly panel: Locator;
  readonly status: Locator;
  readonly datasetSummary: Locator;
  readonly datasetError: Locator;
  readonly lossChart: Locator;
  readonly runRows: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('training-panel');
    this.status = page.getByTestId('train-status');
    this.datasetSummary = page.getByTestId('dataset-summary');
    this.datasetError = page.getByTestId('dataset-error');
    this.lossChart = page.getByTestId('chart-loss');
    this.runRows = page.getByTestId('run-row');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-train').click();
    await expect(this.panel).toBeVisible();
  }

  /** Waits until the default MNIST dataset is loaded in the worker (10 classes listed). */
  async waitForMnist(): Promise<void> {
    await expect(this.datasetSummary).toContainText('MNIST', { timeout: 90_000 });
    await expect(this.page.getByTestId('dataset-class')).toHaveCount(10);
  }

  /** Opens the Train tab and waits for the default MNIST dataset. */
  async openWithMnist(): Promise<void> {
    await this.open();
    await this.waitForMnist();
  }

  async setNumber(testId: string, value: number): Promise<void> {
    await this.page.getByTestId(testId).fill(String(value));
  }

  async configure(c: { limit?: number; epochs?: number; batchSize?: number; learningRate?: number; validationSplit?: number }): Promise<void> {
    if (c.limit !== undefined) await this.setNumber('cfg-limit', c.limit);
    if (c.validationSplit !== undefined) await this.setNumber('cfg-val', c.validationSplit);
    if (c.epochs !== undefined) await this.setNumber('cfg-epochs', c.epochs);
    if (c.batchSize !== undefined) await this.setNumber('cfg-batch', c.batchSize);
    if (c.learningRate !== undefined) await this.setNumber('cfg-lr', c.learningRate);
  }

  async start(): Promise<void> {
    await this.page.getByTestId('train-start').click();
    await expect(this.status).toHaveText('running', { timeout: 30_000 });
  }

  async pause(): Promise<void> {
    await this.page.getByTestId('train-pause').click();
    // Acknowledged after the batch in flight: allow for a slow batch on a loaded machine.
    await expect(this.status).toHaveText('paused', { timeout: 30_000 });
  }

  async resume(): Promise<void> {
    await this.page.getByTestId('train-resume').click();
    await expect(this.status).toHaveText('running', { timeout: 30_000 });
  }

  async stop(): Promise<void> {
    await this.page.getByTestId('train-stop').click();
  }

  /** Points drawn on the per-batch loss chart. */
  async chartPoints(): Promise<number> {
    return Number(await this.lossChart.getAttribute('data-points'));
  }

  async waitForChartPoints(min: number, timeout = 120_000): Promise<void> {
    await expect.poll(() => this.chartPoints(), { timeout }).toBeGreaterThanOrEqual(min);
  }

  async run(): Promise<RunSnapshot | null> {
    return this.page.evaluate(() => {
      const r = window.__soraStore?.getState().liveRun;
      if (!r) return null;
      return {
        id: r.id,
        status: r.status,
        batchPoints: r.batchPoints.length,
        epochs: r.epochPoints.map((e) => ({ epoch: e.epoch, accuracy: e.accuracy, valAccuracy: e.valAccuracy })),
        testAccuracy: r.evaluation?.testAccuracy,
        backend: r.backend?.name,
        hasWeights: r.hasWeights,
        imagesPerSecond: r.progress?.imagesPerSecond,
        error: r.error,
      };
    });
  }

  /**
   * Starts recording when (page clock, ms) each new batch report reaches the store; the returned function reads
   * the times recorded so far.
   */
  async recordProgressArrivals(): Promise<() => Promise<number[]>> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __progressArrivals?: number[] };
      const times: number[] = [];
      w.__progressArrivals = times;
      let last: unknown = window.__soraStore!.getState().liveRun?.progress;
      window.__soraStore!.subscribe((s) => {
        const p = s.liveRun?.progress;
        if (p && p !== last) times.push(Date.now());
        last = p;
      });
    });
    return () => this.page.evaluate(() => (window as unknown as { __progressArrivals: number[] }).__progressArrivals.slice());
  }

  /**
   * Runs `fn` inside the current training worker (the newest one), e.g. to make it crash the way a broken backend
   * does. A worker that replaced a crashed one may still be starting (the start command waits for the next paint):
   * wait for it. Playwright can keep listing a terminated training worker that had nested gradient workers (its
   * evaluate never answers), so the newest one is used rather than requiring exactly one.
   */
  async inWorker(fn: () => void, after = 0): Promise<void> {
    const trainingWorkers = () => this.page.workers().filter((w) => w.url().includes('training.worker'));
    await expect.poll(() => trainingWorkers().length, { message: 'a new training worker', timeout: 30_000 }).toBeGreaterThan(after);
    await trainingWorkers().at(-1)!.evaluate(fn);
  }

  /** How many training workers the page has started so far (as Playwright lists them). */
  trainingWorkerCount(): number {
    return this.page.workers().filter((w) => w.url().includes('training.worker')).length;
  }

  /** Starts a short run and waits until it has trained a batch. */
  /**
   * Starts keeping every status line the live run shows (window.__soraStatusLog): a fast machine may replace a
   * status before an assertion on the panel's text could see it.
   */
  async recordStatusTexts(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __soraStatusLog?: string[] };
      w.__soraStatusLog = [];
      window.__soraStore?.subscribe((s) => {
        const text = s.liveRun?.statusText;
        if (text && w.__soraStatusLog!.at(-1) !== text) w.__soraStatusLog!.push(text);
      });
    });
  }

  /** The status lines seen since recordStatusTexts(). */
  async statusTexts(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __soraStatusLog?: string[] }).__soraStatusLog ?? []);
  }

  async startShortRun(limit = 3000): Promise<void> {
    await this.configure({ limit, epochs: 1 });
    await this.start();
    // The store, not the chart: the chart redraws at most once a second and may still show the previous run's points.
    await expect.poll(async () => (await this.run())?.batchPoints ?? 0, { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  }

  async waitForFinish(timeout: number): Promise<RunSnapshot> {
    await expect(this.status).toHaveText(/completed|stopped|failed/, { timeout });
    const r = await this.run();
    if (!r) throw new Error('no run in the store');
    return r;
  }

  /** Picks files in the dataset panel's "Files…" input. */
  async uploadDatasetFiles(files: { name: string; buffer: Buffer }[]): Promise<void> {
    await this.page
      .getByTestId('dataset-files')
      .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })));
  }

  /** Picks a directory in the dataset panel's "Folder…" input (webkitdirectory). */
  async uploadDatasetFolder(dir: string): Promise<void> {
    await this.page.getByTestId('dataset-folder').setInputFiles(dir);
  }

  /** The dataset panel's class rows: name, training-image count as shown, and the thumbnails' canvas sizes. */
  async datasetClasses(): Promise<{ name: string; count: string; thumbs: string[] }[]> {
    return this.page.getByTestId('dataset-class').evaluateAll((rows) =>
      rows.map((row) => ({
        name: row.querySelector('.tp-class-name')?.textContent ?? '',
        count: row.querySelector('.tp-class-count')?.textContent ?? '',
        thumbs: [...row.querySelectorAll('canvas')].map((c) => `${c.width}x${c.height}`),
      })),
    );
  }

  /**
   * Trains the active variant on `backend` with `config` merged into the store's settings (through the store and
   * the training worker, as the Start button does), waits for the run to end and returns the backend that ran,
   * each epoch's training loss and the final weights by name (read back with the store's exportRun).
   */
  async trainOnBackend(backend: string, config: Record<string, unknown>, timeout: number): Promise<BackendRun> {
    await this.page.evaluate(
      ([b, c]) => {
        const s = window.__soraStore!.getState();
        s.setTrainingBackend(b as never);
        // One worker on every backend: data-parallel batch-norm uses per-shard statistics (a different, equally valid
        // step), and only WASM splits batches, so 'auto' would compare two algorithms instead of two backends.
        s.setTrainingWorkers(1);
        s.setTrainingConfig(c);
        if (!s.startTraining()) throw new Error(`startTraining refused: ${JSON.stringify(window.__soraStore!.getState().notices ?? null)}`);
      },
      [backend, config] as const,
    );
    await this.page.waitForFunction(
      () => {
        const r = window.__soraStore!.getState().liveRun;
        return r !== null && r.status !== 'running' && r.status !== 'paused';
      },
      null,
      { timeout, polling: 250 },
    );
    return this.page.evaluate(async (requested) => {
      const s = window.__soraStore!.getState();
      const r = s.liveRun!;
      if (r.status !== 'completed') throw new Error(`the ${requested} run ended ${r.status}: ${r.error ?? r.statusText}`);
      const { modelJson, weightsBin } = await s.exportRun();
      const manifest = (JSON.parse(modelJson) as { weightsManifest: { weights: { name: string; shape: number[]; dtype: string }[] }[] })
        .weightsManifest;
      const weights: Record<string, number[]> = {};
      let offset = 0;
      for (const spec of manifest.flatMap((g) => g.weights)) {
        const n = spec.shape.reduce((a, d) => a * d, 1);
        if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name} is ${spec.dtype}`);
        weights[spec.name] = Array.from(new Float32Array(weightsBin, offset * 4, n));
        offset += n;
      }
      return {
        requested,
        backend: r.backend?.name ?? '?',
        tried: r.backend?.tried ?? [],
        losses: [...r.epochPoints].sort((a, b) => a.epoch - b.epoch).map((e) => e.loss),
        weights,
      };
    }, backend);
  }

  /** Starts recording main-thread long tasks (> 50 ms) in window.__longTasks. */
  async recordLongTasks(): Promise<void> {
    await this.page.evaluate(() => {
      (globalThis as { __soraTrainingMarks?: boolean }).__soraTrainingMarks = true;
      const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __ltObserver?: PerformanceObserver };
      w.__longTasks = [];
      w.__ltObserver?.disconnect();
      w.__ltObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      });
      w.__ltObserver.observe({ type: 'longtask', buffered: false });
    });
  }

  /** Long tasks starting in [from, to] that contain main-thread work triggered by training (see markTrainingWork). */
  async trainingLongTasksBetween(from: number, to: number): Promise<{ start: number; duration: number; work: string[] }[]> {
    const marks = await this.page.evaluate(() =>
      performance.getEntriesByName('sora:training-update').map((m) => ({ at: m.startTime, kind: String((m as PerformanceMark).detail) })),
    );
    const tasks = await this.longTasksBetween(from, to);
    return tasks
      .filter((t) => t.start >= from)
      .map((t) => ({ ...t, work: marks.filter((m) => m.at >= t.start && m.at <= t.start + t.duration).map((m) => m.kind) }))
      .filter((t) => t.work.length > 0);
  }

  async now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  async longTasksBetween(from: number, to: number): Promise<{ start: number; duration: number }[]> {
    return this.page.evaluate(
      ([a, b]) =>
        (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
          (t) => t.start + t.duration >= a && t.start <= b,
        ),
      [from, to] as const,
    );
  }
}
