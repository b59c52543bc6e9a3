/**
 * Data-parallel training scaling (Node): training images/s of the reference net and sora-fast-mnist with 1, 2, …
 * worker threads (src/tf/parallel, as `cli train --workers N`), each next to PyTorch (bench/torch_reference.py)
 * on the same number of threads, measured right after it in the same run, and the ratio. Also the time a
 * data-parallel step spends outside the gradient computation (waiting, averaging + optimizer, copies).
 *
 * Run: npx tsx bench/train-scaling.ts [--workers 1,2] [--batch 64] [--chunks 4] [--batches 8] [--no-torch]
 *
 * Wall-clock figures depend on machine load (other processes take cores away from the threads); the
 * PyTorch row is measured right after each tfjs row so both see about the same load. Images per CPU-second
 * (process CPU time, all threads) show what parallelism costs in work, whatever the load.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import type * as tf from '@tensorflow/tfjs';
import { getTemplate } from '../src/core/templates/index';
import { loadMnistPart } from '../src/data/mnist-node';
import type { ImageDataset } from '../src/data/types';
import { compileDesign } from '../src/tf/compile';
import { DataParallelRunner } from '../src/tf/parallel/data-parallel';
import { registerSoraGradients } from '../src/tf/tf-setup';
import { trainModel } from '../src/tf/train-loop';
import { initWasmBackend } from '../src/tf/wasm/init-wasm';
import { medianOf, referenceNet } from './train-speed-helpers';
import { errorMessage } from '../src/core/result';

const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : d;
};
const WORKERS = opt('workers', Array.from({ length: availableParallelism() }, (_, i) => i + 1).join(','))
  .split(',')
  .map(Number);
const BATCH = Number(opt('batch', '64'));
const CHUNKS = Number(opt('chunks', '4'));
const BATCHES = Number(opt('batches', '8'));

interface Measured {
  imagesPerSecond: number;
  /** Images per CPU-second of the whole process (all threads): the parallel run's efficiency, load-independent. */
  imagesPerCpuSecond: number;
  /** Per step: ms outside the replicas' gradient work (0 for one thread). */
  overheadMs?: { wait: number; reduceAndApply: number; copy: number; ownShard: number };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Median img/s over CHUNKS timed chunks of BATCHES batches (one trainModel "epoch" each) after a warm-up chunk. */
async function measure(make: () => tf.LayersModel, data: ImageDataset, workers: number): Promise<Measured> {
  const model = make();
  const runner = workers > 1 ? await DataParallelRunner.start(model, { replicas: workers, batchSize: BATCH, numClasses: 10 }) : undefined;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let last = performance.now();
  let lastCpu = cpuSeconds();
  let stepsAtWarm = 0;
  let warm = { ownShardMs: 0, waitMs: 0, reduceAndApplyMs: 0, copyMs: 0 };
  try {
    await trainModel(
      model,
      data,
      { optimizer: 'adam', learningRate: 1e-3, batchSize: BATCH, epochs: CHUNKS + 1, validationSplit: 0, seed: 1, limit: BATCH * BATCHES },
      {
        onEpoch: (e) => {
          const now = performance.now();
          const cpu = cpuSeconds();
          if (e.epoch > 0) {
            rates.push((BATCH * BATCHES) / ((now - last) / 1000));
            cpuRates.push((BATCH * BATCHES) / (cpu - lastCpu));
          } else if (runner) {
            stepsAtWarm = runner.timings.steps;
            warm = { ...runner.timings };
          }
          lastCpu = cpu;
          last = now;
        },
      },
      runner,
    );
  } finally {
    await runner?.dispose();
    model.dispose();
  }
  const result: Measured = { imagesPerSecond: medianOf(rates), imagesPerCpuSecond: medianOf(cpuRates) };
  if (runner) {
    const t = runner.timings;
    const steps = t.steps - stepsAtWarm;
    result.overheadMs = {
      ownShard: (t.ownShardMs - warm.ownShardMs) / steps,
      wait: (t.waitMs - warm.waitMs) / steps,
      reduceAndApply: (t.reduceAndApplyMs - warm.reduceAndApplyMs) / steps,
      copy: (t.copyMs - warm.copyMs) / steps,
    };
  }
  return result;
}

function torchImagesPerSecond(threads: number, net: 'reference' | 'sora-fast'): { imagesPerSecond: number; imagesPerCpuSecond: number } | null {
  if (argv.includes('--no-torch')) return null;
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return null;
  const script = new URL('./torch_reference.py', import.meta.url).pathname;
  const r = spawnSync('/usr/bin/python3', [script, String(threads), String(CHUNKS), String(BATCHES), net, String(BATCH)], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop();
  if (!line) return null;
  return JSON.parse(line) as { imagesPerSecond: number; imagesPerCpuSecond: number };
}

async function main(): Promise<void> {
  await initWasmBackend();
  registerSoraGradients();
  const data = loadMnistPart('train', BATCH * BATCHES);
  const fast = getTemplate('sora-fast-mnist');
  if (!fast) throw new Error('template sora-fast-mnist missing');
  const nets: { name: string; torch: 'reference' | 'sora-fast'; make: () => tf.LayersModel }[] = [
    { name: 'reference net', torch: 'reference', make: referenceNet },
    { name: 'sora-fast-mnist', torch: 'sora-fast', make: () => compileDesign(fast.build(), { seed: 1 }) },
  ];
  const head = [
    'model',
    'threads',
    'tfjs-wasm img/s',
    'PyTorch img/s',
    'ratio',
    'speed-up',
    'img/CPU-s tfjs / torch',
    'ms/step: own shard / wait / avg+apply / copies',
  ];
  const rows: string[][] = [];
  for (const net of nets) {
    let single = 0;
    for (const w of WORKERS) {
      const m = await measure(net.make, data, w);
      const t = torchImagesPerSecond(w, net.torch);
      if (w === 1) single = m.imagesPerSecond;
      const o = m.overheadMs;
      rows.push([
        net.name,
        String(w),
        m.imagesPerSecond.toFixed(0),
        t === null ? '–' : t.imagesPerSecond.toFixed(0),
        t === null ? '–' : `${(m.imagesPerSecond / t.imagesPerSecond).toFixed(2)}×`,
        single > 0 ? `${(m.imagesPerSecond / single).toFixed(2)}×` : '–',
        `${m.imagesPerCpuSecond.toFixed(0)} / ${t === null ? '–' : t.imagesPerCpuSecond.toFixed(0)}`,
        o ? `${o.ownShard.toFixed(1)} / ${o.wait.toFixed(1)} / ${o.reduceAndApply.toFixed(1)} / ${o.copy.toFixed(2)}` : '–',
      ]);
      process.stderr.write(`${rows[rows.length - 1].join('  ')}\n`);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`${[line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`);
  process.stdout.write(
    `batch ${BATCH}, Adam; median of ${CHUNKS} chunks × ${BATCHES} batches after 1 warm-up chunk; PyTorch with torch.set_num_threads(threads); ` +
      `${availableParallelism()} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`train-scaling: ${errorMessage(e)}\n`);
  process.exitCode = 1;
});
