/**
 * Picks the fastest tfjs backend that can actually train here: webgpu / webgl only with a real GPU (software
 * renderers such as SwiftShader or llvmpipe are slower than wasm), else wasm with our training kernels, else
 * cpu. Each candidate must pass a one-step training smoke test (separable + conv + dense) before it is chosen.
 */
import * as tf from '@tensorflow/tfjs';
import { initWasmBackend } from './wasm/init-wasm';
import { errorMessage } from '../core/result';

export interface BackendChoice {
  backend: string;
  reason: string;
  /** Set when an explicitly requested backend will run slowly here (shown to the user). */
  warning?: string;
  tried: { backend: string; error: string }[];
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render driver|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

/** The WebGL renderer string, or null when WebGL is unavailable (Node, no GPU process). */
export function webglRenderer(): string | null {
  try {
    let gl: WebGLRenderingContext | WebGL2RenderingContext | null = null;
    if (typeof OffscreenCanvas !== 'undefined') {
      gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    } else if (typeof document !== 'undefined') {
      const c = document.createElement('canvas');
      gl = (c.getContext('webgl2') ?? c.getContext('webgl')) as WebGLRenderingContext | null;
    }
    if (gl == null) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return null;
  }
}

async function hasHardwareWebGpu(): Promise<boolean> {
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return false;
  try {
    const adapter = (await gpu.requestAdapter()) as { isFallbackAdapter?: boolean; info?: { description?: string } } | null;
    if (adapter == null || adapter.isFallbackAdapter) return false;
    return !isSoftwareRenderer(adapter.info?.description ?? '');
  } catch {
    return false;
  }
}

/** One optimizer step on a tiny separable + conv + dense net; throws unless the loss is finite. */
export async function trainingSmokeTest(): Promise<void> {
  const model = tf.sequential();
  model.add(tf.layers.separableConv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'valid' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  const opt = tf.train.sgd(0.01);
  try {
    const loss = tf.tidy(() => {
      const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 1);
      const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, true, vars);
      return (cost as tf.Scalar).dataSync()[0];
    });
    if (!Number.isFinite(loss)) throw new Error(`smoke-test loss is ${loss}`);
  } finally {
    opt.dispose();
    model.dispose();
  }
}

async function activate(name: string): Promise<void> {
  if (name === 'wasm') {
    await initWasmBackend();
    return;
  }
  if (tf.findBackendFactory(name) == null) throw new Error(`backend '${name}' is not available in this build`);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend '${name}' failed to initialise`);
  await tf.ready();
}

/**
 * Why a backend will be slow here, or null: WebGL on a software renderer (SwiftShader / llvmpipe), WebGPU
 * without a hardware adapter, or the plain-JS cpu backend.
 */
export function slowBackendWarning(name: string, renderer: string | null, hardwareWebGpu: boolean): string | null {
  const slower = 'expect a few images/s, far slower than Auto (WASM) here';
  if (name === 'webgl' && renderer != null && isSoftwareRenderer(renderer)) {
    return `no GPU, WebGL runs on a software renderer (${renderer}); ${slower}`;
  }
  if (name === 'webgpu' && !hardwareWebGpu) return `no hardware WebGPU adapter, it may run in software; ${slower}`;
  if (name === 'cpu') return `plain JavaScript, ~1 image/s on conv nets; ${slower}`;
  return null;
}

/** Why an explicitly requested backend is used, with the slow-backend warning when there is one. */
export function requestedReason(preferred: string, renderer: string | null, hardwareWebGpu: boolean): string {
  const warning = slowBackendWarning(preferred, renderer, hardwareWebGpu);
  return warning ? `requested '${preferred}' — warning: ${warning}` : `requested '${preferred}'`;
}

export async function chooseTrainingBackend(opts: { preferred?: string } = {}): Promise<BackendChoice> {
  const tried: BackendChoice['tried'] = [];
  const candidates: { name: string; reason: string; warning?: string | null }[] = [];
  const preferred = opts.preferred && opts.preferred !== 'auto' ? opts.preferred : undefined;
  const hardwareWebGpu = await hasHardwareWebGpu();
  const renderer = webglRenderer();
  if (preferred) {
    const warning = slowBackendWarning(preferred, renderer, hardwareWebGpu);
    candidates.push({ name: preferred, reason: requestedReason(preferred, renderer, hardwareWebGpu), warning });
  }
  // Only when a WebGPU backend is registered in this build (tfjs 4.22's bundle has none).
  if (hardwareWebGpu && tf.findBackendFactory('webgpu') != null) candidates.push({ name: 'webgpu', reason: 'hardware WebGPU adapter found' });
  if (renderer != null && !isSoftwareRenderer(renderer)) {
    candidates.push({ name: 'webgl', reason: `hardware GPU (${renderer})` });
  }
  const noGpu = renderer == null ? 'no WebGL GPU' : `software renderer (${renderer})`;
  candidates.push({ name: 'wasm', reason: `${noGpu}: WebAssembly + XNNPACK with Sora training kernels` });
  candidates.push({ name: 'cpu', reason: 'plain JavaScript fallback (slow)' });
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    try {
      await activate(c.name);
      await trainingSmokeTest();
      const fellBack = tried.length > 0 ? ` (after ${tried.map((t) => t.backend).join(', ')} failed)` : '';
      return { backend: c.name, reason: c.reason + fellBack, ...(c.warning ? { warning: c.warning } : {}), tried };
    } catch (e) {
      tried.push({ backend: c.name, error: errorMessage(e) });
    }
  }
  throw new Error(`no tfjs backend can train here: ${tried.map((t) => `${t.backend}: ${t.error}`).join('; ')}`);
}
