import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import type { Design } from '../src/core/graph/types';
import { TemplateBuilder } from '../src/core/templates/builder';
import { expect, test } from './fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORT_DIST = path.resolve(here, '../node_modules/onnxruntime-web/dist');
const ORT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** A small net that trains in seconds, with a 'same' depthwise path, BN and a flatten into dense. */
function tinyNet(): Design {
  const b = new TemplateBuilder('Tiny ONNX');
  const input = b.add('input', { height: 28, width: 28, channels: 1 });
  const conv = b.add('separable-conv', { filters: 8, strides: [2, 2], activation: 'relu', batchNorm: true }, [input]);
  const pool = b.add('avg-pool', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }, [conv]);
  const enc = b.add('encoding', { pool: 'none', mode: 'flatten', embeddingUnits: 0, dropout: 0 }, [pool]);
  b.add('output', { units: 10, activation: 'softmax' }, [enc]);
  return b.build();
}

/** A fixed NHWC batch of 2 images with values in [0, 1). */
function fixedInput(): Float32Array {
  return Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => ((i * 7919) % 1000) / 1000);
}

/** The trained model's tfjs prediction, from the Export menu's TensorFlow.js zip (stock tfjs, cpu). */
async function tfjsPrediction(zipBytes: Buffer, folder: string, input: Float32Array): Promise<number[]> {
  const files = unzipSync(new Uint8Array(zipBytes));
  const json = JSON.parse(strFromU8(files[`${folder}/model.json`])) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = files[`${folder}/weights.bin`];
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    }),
  );
  const out = model.predict(tf.tensor(input, [2, 28, 28, 1])) as tf.Tensor;
  const values = Array.from(await out.data());
  model.dispose();
  return values;
}

test('Export menu offers ONNX; the downloaded .onnx runs in onnxruntime-web and matches tfjs', async ({ app, page }) => {
  test.setTimeout(240_000);
  // onnxruntime-web is not part of the app: serve its files from node_modules under /__ort/.
  await page.route('**/__ort/*', (route) => {
    const file = path.basename(new URL(route.request().url()).pathname);
    return route.fulfill({ body: readFileSync(path.join(ORT_DIST, file)), contentType: ORT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
  const cmp = app.compare;
  await cmp.createVariant(tinyNet(), 'Tiny ONNX');
  const run = await cmp.trainActive({ limit: 600, epochs: 1, batchSize: 32, validationSplit: 0.2, learningRate: 0.01 }, 150_000);
  expect(run.status).toBe('completed');

  await cmp.openExportMenu();
  await expect(page.getByTestId('export-onnx')).toContainText('ONNX');
  const onnxFile = await cmp.exportItem('export-onnx');
  expect(onnxFile.name).toBe('tiny-onnx.onnx');
  const tfjsZip = await cmp.exportItem('export-tfjs');

  const input = fixedInput();
  const expected = await tfjsPrediction(tfjsZip.bytes, 'tiny-onnx-tfjs', input);
  await page.addScriptTag({ url: '/__ort/ort.wasm.min.js' });
  const got = await page.evaluate(
    async ([bytes, nchw]) => {
      const ort = (window as unknown as { ort: typeof import('onnxruntime-web') }).ort;
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.wasmPaths = '/__ort/';
      ort.env.logLevel = 'error';
      const session = await ort.InferenceSession.create(new Uint8Array(bytes));
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(nchw), [2, 1, 28, 28]) });
      const y = out[session.outputNames[0]];
      return { dims: [...y.dims], data: Array.from(y.data as Float32Array), input: session.inputNames[0] };
    },
    [Array.from(onnxFile.bytes), Array.from(input)] as const, // one channel: NHWC and NCHW hold the same order
  );
  expect(got.input).toBe('input_1');
  expect(got.dims).toEqual([2, 10]);
  expect(got.data).toHaveLength(expected.length);
  got.data.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-4));
});
