import { analyzeDesign } from '../../core/graph/analyze';
import { loadFileOrTemplate } from '../load-input';
import { statsJson, summaryTable } from '../summary-table';

const USAGE = 'usage: stats <file.sora.json | model.json | model.onnx | template-id> [--json]';

function fail(message: string): number {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}

/** `stats <file> [--json]`: analysis of a design file, Keras/tfjs model or template. Exit code 1 on bad input. */
export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0) return fail(`stats: unknown option ${unknown[0]} (${USAGE})`);
  if (files.length !== 1) return fail(`stats: expected one file, got ${files.length} (${USAGE})`);
  const file = files[0];

  const loaded = await loadFileOrTemplate(file);
  if (!loaded.ok) return fail(loaded.error);
  const analysis = analyzeDesign(loaded.design);
  const firstError = analysis.issues.find((i) => i.severity === 'error');
  if (firstError) return fail(`${file}: invalid design: ${firstError.message}`);

  for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(statsJson(analysis))}\n`);
  } else {
    const from = loaded.source === 'keras' ? ' (imported Keras/tfjs model)' : loaded.source === 'onnx' ? ' (imported ONNX model)' : '';
    process.stdout.write(`${summaryTable(`${loaded.design.name}${from}`, analysis)}\n`);
  }
  return 0;
}
