import * as tf from '@tensorflow/tfjs';
import { patchWasmMatMul } from '../core/dsc/wasmMatMul';

/**
 * Backends a Node CLI can train DSC on. wasm has no Conv2DBackpropFilter, so DSC on wasm uses
 * kernel sets that compute filter gradients as matrix products (see resolveKernels).
 */
export type NodeBackend = 'cpu' | 'wasm' | 'webgpu';
export const NODE_BACKENDS: readonly NodeBackend[] = ['cpu', 'wasm', 'webgpu'];

/**
 * Selects the tfjs backend for a Node CLI and returns its name. `webgpu` goes through the npm
 * package `webgpu` (Dawn bindings), which is not a dependency of this project: it is imported
 * dynamically and its absence, or the absence of a GPU adapter, is reported clearly.
 */
export async function setupTfNode(backend: NodeBackend): Promise<string> {
  if (backend === 'cpu') {
    await tf.setBackend('cpu');
    await tf.ready();
    return tf.getBackend();
  }
  if (backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) throw new Error('--backend wasm: the wasm backend did not start');
    await tf.ready();
    patchWasmMatMul();
    return tf.getBackend();
  }
  if (backend !== 'webgpu') throw new Error(`--backend must be one of ${NODE_BACKENDS.join(', ')}, got ${String(backend)}`);
  let dawn: { create: (flags: string[]) => unknown; globals: Record<string, unknown> };
  try {
    const name = 'webgpu'; // a variable, so bundlers and tsc leave the optional import alone
    dawn = (await import(/* @vite-ignore */ name)) as typeof dawn;
  } catch (cause) {
    throw new Error(
      "--backend webgpu needs the npm package 'webgpu' (Dawn for Node), which is not installed here " +
        "(npm install webgpu, on a machine with a GPU); use --backend cpu otherwise",
      { cause },
    );
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  const ok = await tf.setBackend('webgpu').catch(() => false);
  if (!ok) throw new Error('--backend webgpu: the webgpu backend did not start (no GPU adapter found?)');
  await tf.ready();
  return tf.getBackend();
}
