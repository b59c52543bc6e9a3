/**
 * `profile <design | model.json | template-id> [--batch N] [--runs N] [--json]`: measured inference latency on
 * the wasm backend in Node (one thread there), whole model and per block — the same measurement as the
 * app's "Measure on this device" (src/tf/profile/profile-model.ts).
 */
import { analyzeDesign } from '../../core/graph/analyze';
import { loadFileOrTemplate } from '../load-input';
import { errorMessage } from '../../core/result';

const USAGE = 'usage: profile <design.sora.json | model.json | model.onnx | template-id> [--batch N] [--runs N] [--json]';

function fail(message: string): number {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}

interface ProfileArgs {
  file: string;
  batch: number;
  runs: number;
  json: boolean;
}

/** Parses argv; throws a one-line Error naming the bad argument. */
export function parseProfileArgs(args: string[], limits: { maxBatch: number; maxRuns: number }): ProfileArgs {
  const files: string[] = [];
  const out: Omit<ProfileArgs, 'file'> = { batch: 1, runs: 10, json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') out.json = true;
    else if (a === '--batch' || a === '--runs') {
      const v = args[++i];
      const max = a === '--batch' ? limits.maxBatch : limits.maxRuns;
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max)
        throw new Error(`profile: ${a} must be an integer 1–${max}, got '${v ?? ''}' (${USAGE})`);
      out[a === '--batch' ? 'batch' : 'runs'] = Number(v);
    } else if (a.startsWith('-')) throw new Error(`profile: unknown option ${a} (${USAGE})`);
    else files.push(a);
  }
  if (files.length !== 1) throw new Error(`profile: expected one file, got ${files.length} (${USAGE})`);
  return { file: files[0], ...out };
}

const fixed = (n: number, d: number) => n.toFixed(d);

export async function run(args: string[]): Promise<number> {
  const { MAX_PROFILE_BATCH, MAX_PROFILE_RUNS } = await import('../../tf/profile/profile-model');
  let a: ProfileArgs;
  try {
    a = parseProfileArgs(args, { maxBatch: MAX_PROFILE_BATCH, maxRuns: MAX_PROFILE_RUNS });
  } catch (e) {
    return fail(errorMessage(e));
  }
  const loaded = await loadFileOrTemplate(a.file);
  if (!loaded.ok) return fail(loaded.error);
  const firstError = analyzeDesign(loaded.design).issues.find((i) => i.severity === 'error');
  if (firstError) return fail(`${a.file}: invalid design: ${firstError.message}`);
  for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);

  const { initWasmBackend } = await import('../../tf/wasm/init-wasm');
  const { profileDesign } = await import('../../tf/profile/profile-design');
  const wasm = await initWasmBackend();
  const threads = wasm.multithread ? wasm.threads : 1;
  const [p] = await profileDesign(loaded.design, [a.batch], { runs: a.runs, threads });
  if (a.json) {
    const result = {
      backend: p.backend,
      threads: p.threads,
      batch: p.batch,
      runs: p.runs,
      msPerBatch: p.wholeModelMs,
      msPerImage: p.msPerImage,
      imagesPerSecond: p.imagesPerSecond,
      layersSumMs: p.layersSumMs,
      blocks: p.blocks.map((b) => ({ name: b.name, kind: b.kind, ms: b.ms, share: b.share })),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const nameWidth = Math.max(5, ...p.blocks.map((b) => b.name.length));
  const kindWidth = Math.max(4, ...p.blocks.map((b) => b.kind.length));
  const lines = [
    `${loaded.design.name}: ${p.backend}, ${p.threads ?? '?'} thread${p.threads === 1 ? '' : 's'}, batch ${p.batch}, median of ${p.runs} runs`,
    `whole model: ${fixed(p.wholeModelMs, 3)} ms per batch, ${fixed(p.msPerImage, 3)} ms per image, ${fixed(p.imagesPerSecond, 0)} images/s`,
    `layer by layer (each layer fenced): ${fixed(p.layersSumMs, 3)} ms per batch`,
    '',
    `${'block'.padEnd(nameWidth)}  ${'kind'.padEnd(kindWidth)}  ${'ms'.padStart(9)}  ${'share'.padStart(6)}`,
    ...p.blocks.map(
      (b) => `${b.name.padEnd(nameWidth)}  ${b.kind.padEnd(kindWidth)}  ${fixed(b.ms, 3).padStart(9)}  ${`${fixed(b.share * 100, 1)}%`.padStart(6)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
