import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chooseTrainingBackend, isSoftwareRenderer, requestedReason, slowBackendWarning, webglRenderer } from './backend-choice';

describe('chooseTrainingBackend', () => {
  it('recognises software WebGL renderers', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.7, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)')).toBe(false);
  });

  it('warns when a requested backend will run in software', () => {
    const swift = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)';
    expect(requestedReason('webgl', swift, false)).toBe(
      `requested 'webgl' — warning: no GPU, WebGL runs on a software renderer (${swift}); expect a few images/s, far slower than Auto (WASM) here`,
    );
    expect(requestedReason('webgl', 'ANGLE (NVIDIA GeForce RTX 3080)', false)).toBe("requested 'webgl'");
    expect(requestedReason('webgpu', null, false)).toMatch(/^requested 'webgpu' — warning: no hardware WebGPU adapter/);
    expect(requestedReason('webgpu', null, true)).toBe("requested 'webgpu'");
    expect(requestedReason('wasm', swift, false)).toBe("requested 'wasm'");
    expect(requestedReason('cpu', null, false)).toMatch(/^requested 'cpu' — warning: plain JavaScript/);
    expect(slowBackendWarning('webgl', 'ANGLE (NVIDIA GeForce RTX 3080)', false)).toBeNull();
    expect(slowBackendWarning('wasm', swift, false)).toBeNull();
  });

  it('picks wasm in Node (no GPU) after a passing smoke test', async () => {
    expect(webglRenderer()).toBeNull();
    const c = await chooseTrainingBackend();
    expect(c.backend).toBe('wasm');
    expect(c.reason).toMatch(/no WebGL GPU: WebAssembly/);
    expect(c.warning).toBeUndefined();
    expect(c.tried).toEqual([]);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls back when the preferred backend cannot start, recording why', async () => {
    const c = await chooseTrainingBackend({ preferred: 'webgpu' });
    expect(c.backend).toBe('wasm');
    expect(c.tried).toHaveLength(1);
    expect(c.tried[0]).toEqual({ backend: 'webgpu', error: "backend 'webgpu' is not available in this build" });
    expect(c.reason).toMatch(/after webgpu failed/);
  });

  it('honours an explicit cpu preference', async () => {
    const c = await chooseTrainingBackend({ preferred: 'cpu' });
    expect(c.backend).toBe('cpu');
    expect(c.reason).toMatch(/^requested 'cpu' — warning/);
    expect(c.warning).toBe('plain JavaScript, ~1 image/s on conv nets; expect a few images/s, far slower than Auto (WASM) here');
    expect(tf.getBackend()).toBe('cpu');
  });
});
