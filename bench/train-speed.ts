/**
 * Training speed bench (Node): images/s for the Sora-Lite MNIST template and the small reference net
 * (separable 32 → dilated conv 64 → max-pool → separable 64 → global-avg → dense 10), batch 64, per backend,
 * median over timed chunks after a warm-up chunk; plus the same reference net in PyTorch when available.
 *
 * Run: npx tsx bench/train-speed.ts [--chunks 5] [--batches 8] [--cpu-seconds 20] [--no-torch] [--no-cpu]
 *
 * Wall-clock img/s depends on machine load, so each row also reports images per CPU-second (process CPU time,
 * all threads) — comparable across runs on a busy machine. tfjs-wasm runs single-threaded in Node.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { getTemplate } from '../src/core/templates/index';
import { loadMnistPart } from '../src/data/mnist-node';
import type { ImageDataset } from '../src/data/types';
import { compileDesign } from '../src/tf/compile';
import { registerSoraGradients } from '../src/tf/tf-setup';
import { trainModel } from '../src/tf/train-loop';
import { initWasmBackend } from '../src/tf/wasm/init-wasm';
import { medianOf, referenceNet, renderTable, type Row } from './train-speed-helpers';
import { errorMessage } from '../src/core/result';

const argv = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const CHUNKS = opt('chunks', 5);
const BATCHES = opt('batches', 8);
const CPU_SECONDS = opt('cpu-seconds', 20);
const BATCH = 64;

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Timed chunks of BATCHES batches through trainModel (one "epoch" per chunk; the first is warm-up). */
async function timeLoop(model: tf.LayersModel, data: ImageDataset, chunks: number, batches: number): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let lastCpu = cpuNow();
  let lastWall = performance.now();
  await trainModel(
    model,
    data,
    { optimizer: 'adam', learningRate: 1e-3, batchSize: BATCH, epochs: chunks + 1, validationSplit: 0, seed: 1, limit: BATCH * batches },
    {
      onEpoch: (e) => {
        const c = cpuNow();
        const w = performance.now();
        if (e.epoch > 0) {
          wall.push((BATCH * batches) / ((w - lastWall) / 1000));
          cpu.push((BATCH * batches) / (c - lastCpu));
        }
        lastCpu = c;
        lastWall = w;
      },
    },
  );
  return { wall, cpu };
}

/** The same through model.fit, to compare with the custom loop. */
async function timeFit(model: tf.LayersModel, data: ImageDataset, chunks: number, batches: number): Promise<{ wall: number[]; cpu: number[] }> {
  const n = BATCH * batches;
  const x = tf.tensor4d(data.images.subarray(0, n * 784), [n, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(data.labels.subarray(0, n), 'int32'), 10);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i <= chunks; i++) {
    const c0 = cpuNow();
    const w0 = performance.now();
    await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
    if (i > 0) {
      wall.push(n / ((performance.now() - w0) / 1000));
      cpu.push(n / (cpuNow() - c0));
    }
  }
  x.dispose();
  y.dispose();
  return { wall, cpu };
}

function torchReference(): { imagesPerSecond: number; imagesPerCpuSecond: number; threads: number } | string {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'PyTorch not available (/usr/bin/python3 -c "import torch" failed)';
  }
  const out = execFileSync('/usr/bin/python3', [new URL('./torch_reference.py', import.meta.url).pathname, '2', String(CHUNKS), String(BATCHES)], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as { imagesPerSecond: number; imagesPerCpuSecond: number; threads: number };
}

async function main(): Promise<void> {
  registerSoraGradients();
  const wasm = await initWasmBackend();
  const data = loadMnistPart('train', BATCH * BATCHES);
  const rows: Row[] = [];
  const models: { name: string; make: () => tf.LayersModel }[] = [
    {
      name: 'sora-lite-mnist',
      make: () =>
        compileDesign(
          (
            getTemplate('sora-lite-mnist') ?? {
              build: () => {
                throw new Error('template sora-lite-mnist missing');
              },
            }
          ).build(),
        ),
    },
    { name: 'reference net', make: referenceNet },
  ];
  for (const m of models) {
    await tf.setBackend('wasm');
    const model = m.make();
    const r = await timeLoop(model, data, CHUNKS, BATCHES);
    rows.push({
      model: m.name,
      backend: `wasm (${wasm.threads} thread, custom loop)`,
      imagesPerSecond: medianOf(r.wall),
      imagesPerCpuSecond: medianOf(r.cpu),
    });
    model.dispose();
  }
  {
    const model = referenceNet();
    const r = await timeFit(model, data, CHUNKS, BATCHES);
    rows.push({ model: 'reference net', backend: 'wasm (model.fit)', imagesPerSecond: medianOf(r.wall), imagesPerCpuSecond: medianOf(r.cpu) });
    model.dispose();
  }
  if (!argv.includes('--no-cpu')) {
    await tf.setBackend('cpu');
    const model = referenceNet();
    const c0 = cpuNow();
    const w0 = performance.now();
    let batches = 0;
    await trainModel(
      model,
      data,
      { optimizer: 'adam', learningRate: 1e-3, batchSize: BATCH, epochs: 1, validationSplit: 0, seed: 1 },
      {
        onBatch: () => batches++,
        shouldStop: () => batches >= 1 && (performance.now() - w0) / 1000 > CPU_SECONDS,
      },
    );
    rows.push({
      model: 'reference net',
      backend: `cpu (${batches} batch${batches === 1 ? '' : 'es'})`,
      imagesPerSecond: (batches * BATCH) / ((performance.now() - w0) / 1000),
      imagesPerCpuSecond: (batches * BATCH) / (cpuNow() - c0),
    });
    model.dispose();
  }
  let ratioNote = '';
  if (!argv.includes('--no-torch')) {
    const t = torchReference();
    if (typeof t === 'string') ratioNote = t;
    else {
      rows.push({
        model: 'reference net',
        backend: `PyTorch (${t.threads} threads)`,
        imagesPerSecond: t.imagesPerSecond,
        imagesPerCpuSecond: t.imagesPerCpuSecond,
      });
      const w = rows.find((r) => r.model === 'reference net' && r.backend.startsWith('wasm ('));
      if (w) {
        ratioNote =
          `wasm / PyTorch, reference net: ${(w.imagesPerSecond / t.imagesPerSecond).toFixed(2)}× wall-clock, ` +
          `${(w.imagesPerCpuSecond / t.imagesPerCpuSecond).toFixed(2)}× per CPU-second`;
      }
    }
  }
  process.stdout.write(`${renderTable(rows)}\n`);
  if (ratioNote) process.stdout.write(`${ratioNote}\n`);
  process.stdout.write(
    `batch ${BATCH}, median of ${CHUNKS} chunks × ${BATCHES} batches after 1 warm-up chunk; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`train-speed: ${errorMessage(e)}\n`);
  process.exitCode = 1;
});
