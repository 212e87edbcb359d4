import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { patchWasmMatMul } from '../core/dsc/wasmMatMul';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendStatus {
  /** The TensorFlow.js backend in use. */
  name: BackendName;
  /** Why a preferred backend was skipped, in words a person can act on; empty when webgpu runs. */
  reasons: string[];
}

/** wasm (XNNPACK) before cpu: DSC runs there 33 times faster (docs/performance.md, "On CPUs"). */
export const FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Why WebGPU cannot be used here, or null when an adapter can be had. */
export async function webgpuUnavailableReason(): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    return 'WebGPU unavailable: this browser has no navigator.gpu (use Chrome or Edge 113+, or Safari 26, over https or localhost)';
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return `WebGPU unavailable: requestAdapter failed (${(e as Error).message})`;
  }
  // The device request itself is the backend's: its failure is reported by trySet below.
  if (!adapter) return 'WebGPU unavailable: no GPU adapter was found';
  return null;
}

async function trySet(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      const reason = await webgpuUnavailableReason();
      if (reason) return reason;
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // The binaries are bundled assets (Vite ?url), not fetched from a CDN.
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
    }
    if (!(await tf.setBackend(name))) {
      return name === 'webgpu'
        ? 'WebGPU unavailable: the device request failed'
        : `${name} backend failed to initialise`;
    }
    await tf.ready();
    if (name === 'wasm') patchWasmMatMul();
    return null;
  } catch (e) {
    return `${name} backend failed to initialise (${(e as Error).message})`;
  }
}

/**
 * Picks the first backend that works, in the order webgpu, webgl, wasm, cpu, starting at `first`
 * (a URL parameter can force a slower one for comparison), and says why faster ones were skipped.
 */
export async function initBackend(first: BackendName = 'webgpu'): Promise<BackendStatus> {
  const reasons: string[] = [];
  const order = FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(first));
  for (const name of order) {
    const reason = await trySet(name);
    if (!reason) return { name, reasons };
    reasons.push(reason);
  }
  throw new Error(`No TensorFlow.js backend could start: ${reasons.join('; ')}`);
}
