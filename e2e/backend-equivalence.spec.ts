import {
  ADAM_LOSS_TOLERANCE,
  compareRuns,
  describeDifference,
  EQUIVALENCE_TOLERANCE,
  everyBlockDesign,
  syntheticIdxFiles,
  withinTolerance,
  type BackendRun,
} from './helpers/backend-equivalence';
import { expect, test } from './fixtures';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './servers';

/**
 * GPU backends compute the same: a net with every block kind (dilated receptive-field conv, dilated separable
 * with depth multiplier 2 + BN, dilated depthwise valid and same, add and concatenate merges, BN, pooling,
 * global pool, flatten, dense, encoding, dropout at rate 0) trains for 5 steps from the same seeded initial
 * weights on the same batches (seeded shuffle, no augmentation) on wasm, WebGL and WebGPU, driven through the
 * store and the training worker.
 * - SGD with momentum: every step's loss within 1e-3 relative and every final weight within 1e-3 absolute of
 *   wasm's (EQUIVALENCE_TOLERANCE) — the gradients of every layer agree.
 * - Adam (the app's default): Adam's first steps move each weight by ≈ ±lr whatever its gradient's size, so a
 *   weight whose gradient is zero up to rounding can move either way; losses stay within 5% (ADAM_LOSS_TOLERANCE).
 * Headless Chromium runs WebGL on SwiftShader and, with the flags below, offers a SwiftShader WebGPU adapter; a
 * backend that cannot start (this build registers no tfjs WebGPU backend) is skipped with its reason in the
 * test's annotations (docs/backend-equivalence.md).
 */
const CLASSES = 4;
const STEPS = 5;
/** One batch per epoch (limit = batch size, no validation): each epoch's loss is one step's loss. */
const BASE = {
  batchSize: 32,
  limit: 32,
  epochs: STEPS,
  validationSplit: 0,
  seed: 7,
  schedule: 'constant',
  timeLimitSeconds: undefined,
  augment: { shiftPixels: 0, flip: false },
};
const SGD = { ...BASE, optimizer: 'sgd', learningRate: 0.05, momentum: 0.9 };
const ADAM = { ...BASE, optimizer: 'adam', learningRate: 0.01 };
const GPU_BACKENDS = (process.env.SORA_EQUIVALENCE_BACKENDS ?? 'webgl,webgpu').split(',');

// playwright.config.ts's Chromium flags plus a software (SwiftShader) WebGPU adapter, which the worker then sees.
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'],
  },
});

test('wasm, WebGL and WebGPU train every block kind to the same losses and weights from the same seed', async ({ app, page }) => {
  test.setTimeout(900_000);
  const { training } = app;
  const note = (type: string, description: string) => {
    test.info().annotations.push({ type, description });
    process.stdout.write(`  ${description}\n`);
  };
  await training.openWithMnist();
  await training.uploadDatasetFiles(syntheticIdxFiles(32, 8, CLASSES));
  await expect(training.datasetSummary).toContainText('IDX dataset · 28×28×1 · 32 train / 8 test', { timeout: 30_000 });
  await page.evaluate((d) => window.__soraStore!.getState().createVariant(d as never, 'Every block'), everyBlockDesign(CLASSES));

  const wasm = await training.trainOnBackend('wasm', SGD, 180_000);
  expect(wasm.backend).toBe('wasm');
  expect(wasm.losses).toHaveLength(STEPS);
  expect(wasm.losses.every(Number.isFinite), String(wasm.losses)).toBe(true);
  expect(wasm.losses[STEPS - 1], `losses ${wasm.losses}`).toBeLessThan(wasm.losses[0]);
  expect(Object.keys(wasm.weights).length).toBeGreaterThan(20);
  // The comparison can fail: another seed (other initial weights, other batch order) is far outside the tolerance.
  const otherSeed = compareRuns(wasm, await training.trainOnBackend('wasm', { ...SGD, seed: 8 }, 180_000));
  expect(withinTolerance(otherSeed), describeDifference(otherSeed)).toBe(false);
  const wasmAdam = await training.trainOnBackend('wasm', ADAM, 180_000);

  const compared: string[] = [];
  for (const backend of GPU_BACKENDS) {
    const run: BackendRun = await training.trainOnBackend(backend, SGD, 420_000);
    if (run.backend !== backend) {
      note('skipped backend', `${backend} did not start (ran ${run.backend}; tried: ${run.tried.join('; ') || 'nothing'})`);
      continue;
    }
    const d = compareRuns(wasm, run);
    note('backend difference', `${backend} vs wasm, SGD: ${describeDifference(d)}`);
    expect(
      withinTolerance(d),
      `${describeDifference(d)}; tolerance ${JSON.stringify(EQUIVALENCE_TOLERANCE)}; losses ${run.losses} vs ${wasm.losses}`,
    ).toBe(true);

    const adam = compareRuns(wasmAdam, await training.trainOnBackend(backend, ADAM, 420_000));
    note('backend difference', `${backend} vs wasm, Adam: ${describeDifference(adam)}`);
    expect(adam.structural).toEqual([]);
    expect(adam.maxLossRelative, describeDifference(adam)).toBeLessThanOrEqual(ADAM_LOSS_TOLERANCE);
    compared.push(backend);
  }
  // Headless Chromium always has WebGL on SwiftShader: at least that GPU backend was compared.
  if (GPU_BACKENDS.includes('webgl')) expect(compared).toContain('webgl');
});
