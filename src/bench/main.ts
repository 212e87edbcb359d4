/**
 * bench.html: runs benchmarkDsc (the same DSC iteration as `npm run bench:dsc`) on the page's
 * tfjs backend and shows its JSON, also left on `window.__benchResult` (or the error message on
 * `window.__benchError`) for the e2e harness.
 */
import * as tf from '@tensorflow/tfjs';
import {
  benchmarkDsc,
  type BenchmarkDscOptions,
  type BenchmarkDscResult,
} from '../core/dsc/benchmarkDsc';
import { compareKernels } from '../core/dsc/compareKernels';
import type { ResolvedDscOptions } from '../core/dsc/DscOptions';
import { setBindGroupCache } from '../core/dsc/wgsl/bindGroupCache';
import { FALLBACK_ORDER, initBackend, type BackendName } from '../workers/tfBackend';

declare global {
  interface Window {
    __benchResult?: BenchmarkDscResult & { bind_group_cache: boolean };
    __benchError?: string;
    /** With ?check=kernels: compareKernels()'s relative errors, by check. */
    __kernelCheck?: Record<string, number>;
  }
}

const status = document.getElementById('status')!;
const out = document.getElementById('result')!;

function options(params: URLSearchParams): {
  backend: BackendName;
  bench: BenchmarkDscOptions;
  bindGroupCache: boolean;
} {
  const backend = (params.get('backend') ?? 'webgpu') as BackendName;
  if (!FALLBACK_ORDER.includes(backend))
    throw new Error(`backend must be one of ${FALLBACK_ORDER.join(', ')}, got ${backend}`);
  const size = params.get('size') ?? '321x481';
  const m = /^(\d+)x(\d+)$/i.exec(size);
  if (!m) throw new Error(`size must be HxW (e.g. 321x481), got ${size}`);
  const kernels = (params.get('kernels') ?? 'auto') as ResolvedDscOptions['kernels'];
  const bench: BenchmarkDscOptions = { height: Number(m[1]), width: Number(m[2]), kernels }; // createDsc validates kernels
  for (const key of ['iters', 'warmup', 'k', 'superpixels'] as const) {
    const v = params.get(key);
    if (v !== null) bench[key] = Number(v); // benchmarkDsc validates
  }
  const cache = params.get('bind-group-cache') ?? 'on';
  if (cache !== 'on' && cache !== 'off') throw new Error(`bind-group-cache must be on or off, got ${cache}`);
  return { backend, bench, bindGroupCache: cache === 'on' };
}

/** The GPU adapter's vendor, architecture and description, or the browser for webgl and cpu. */
async function deviceName(backend: BackendName): Promise<string> {
  if (backend === 'webgpu') {
    const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
    const info = adapter?.info;
    const words = [info?.vendor, info?.architecture, info?.description].filter(Boolean);
    return words.length ? words.join(' ') : 'unknown GPU';
  }
  return `${backend} in ${navigator.userAgent}`;
}

async function main(): Promise<void> {
  const { backend, bench, bindGroupCache } = options(new URLSearchParams(location.search));
  const got = await initBackend(backend);
  // A benchmark of another backend than the one asked for would mislead: refuse it.
  if (got.name !== backend)
    throw new Error(`the ${backend} backend did not start: ${got.reasons.join('; ')}`);
  const device = await deviceName(backend);
  if (new URLSearchParams(location.search).get('check') === 'kernels') {
    status.textContent = `Comparing kernels on ${tf.getBackend()} (${device})…`;
    const check = await compareKernels();
    out.textContent = JSON.stringify(check, null, 2);
    status.textContent = `Kernels compared on ${tf.getBackend()}`;
    status.dataset.state = 'done';
    window.__kernelCheck = check;
    return;
  }
  status.textContent = `Running on ${tf.getBackend()} (${device})…`;
  // webgpu only (bindGroupCache.ts): false on the other backends.
  const cached = setBindGroupCache(bindGroupCache);
  const result = {
    ...(await benchmarkDsc(device, {
      ...bench,
      onIteration: (done, total) =>
        (status.textContent = `Running on ${tf.getBackend()}: iteration ${done}/${total}`),
    })),
    bind_group_cache: cached,
  };
  out.textContent = JSON.stringify(result, null, 2);
  status.textContent = `Done: ${result.ms_per_iter.toFixed(1)} ms per iteration`;
  status.dataset.state = 'done';
  window.__benchResult = result;
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  status.textContent = `Failed: ${message}`;
  status.dataset.state = 'error';
  window.__benchError = message;
});
