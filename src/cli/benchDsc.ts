/**
 * `npm run bench:dsc -- [--backend webgpu|webgl|wasm|cpu] [--size 321x481] [--iters N] [--warmup N]
 * [--k N] [--superpixels N] [--json FILE] [--pytorch] [--python PATH]`
 *
 * Times the project's DSC iteration (createDsc) and its parts on a tfjs backend and prints one
 * JSON object (the fields of training/bench_dsc.py). With --pytorch, runs that script with the
 * same size, iterations and K, and adds its time and the ratio. See docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { benchmarkDsc, type BenchmarkDscResult } from '../core/dsc/benchmarkDsc';
import { DSC_KERNELS, type ResolvedDscOptions } from '../core/dsc/DscOptions';
import { ProgressBar } from './progress';
import { type NodeBackend, setupTfNode } from './tfNode';
import { onOffFlag } from './dscCommon';
import { bindGroupCacheStats, setBindGroupCache } from '../core/dsc/wgsl/bindGroupCache';

const USAGE = `usage: npm run bench:dsc -- [--backend webgpu|webgl|wasm|cpu] [--size HxW] [--iters N] [--warmup N]
       [--k N] [--superpixels N] [--kernels ${DSC_KERNELS.join('|')}] [--bind-group-cache on|off] [--json FILE] [--pytorch] [--python PATH]
--pytorch runs training/bench_dsc.py with the same settings, with --python (or $PYTHON, or python3).
Defaults: --backend cpu --size 321x481 --iters 20 --warmup 5 --k 32 --superpixels 100.
webgl runs only in a browser: open bench.html?backend=webgl (see docs/performance.md).`;

interface Args {
  backend: string;
  height: number;
  width: number;
  iters: number;
  warmup: number;
  k: number;
  superpixels: number;
  json: string | null;
  pytorch: boolean;
  python: string;
  kernels: Kernels;
  bindGroupCache: boolean;
}

type Kernels = ResolvedDscOptions['kernels'];

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  let pytorch = false;
  const known = ['--backend', '--size', '--iters', '--warmup', '--k', '--superpixels', '--json', '--python', '--kernels', '--bind-group-cache'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pytorch') pytorch = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (known.includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      values.set(a, v);
    } else throw new Error(`unknown argument ${a}`);
  }
  const size = values.get('--size') ?? '321x481';
  const m = /^(\d+)x(\d+)$/i.exec(size);
  if (!m) throw new Error(`--size must be HxW (e.g. 321x481), got ${size}`);
  const int = (flag: string, fallback: number) => {
    const v = values.get(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new Error(`${flag} must be an integer, got ${v}`);
    return n;
  };
  const backend = values.get('--backend') ?? 'cpu';
  if (!['webgpu', 'webgl', 'wasm', 'cpu'].includes(backend)) throw new Error(`--backend must be webgpu, webgl, wasm or cpu, got ${backend}`);
  if (backend === 'webgl') {
    throw new Error('--backend webgl: WebGL exists only in a browser; open bench.html?backend=webgl instead (docs/performance.md)');
  }
  return {
    backend,
    height: Number(m[1]),
    width: Number(m[2]),
    iters: int('--iters', 20),
    warmup: int('--warmup', 5),
    k: int('--k', 32),
    superpixels: int('--superpixels', 100),
    json: values.get('--json') ?? null,
    pytorch,
    python: values.get('--python') ?? process.env.PYTHON ?? 'python3',
    kernels: kernelsArg(values.get('--kernels') ?? process.env.DSC_KERNELS ?? 'auto'),
    bindGroupCache: onOffFlag('--bind-group-cache', values.get('--bind-group-cache'), true),
  };
}

function kernelsArg(v: string): Kernels {
  const all: readonly string[] = DSC_KERNELS;
  if (!all.includes(v)) throw new Error(`--kernels (or DSC_KERNELS) must be one of ${all.join(', ')}, got ${v}`);
  return v as Kernels;
}

/** Names the hardware: the GPU adapter on webgpu, the CPU model on cpu. */
function deviceName(backend: string): string {
  if (backend === 'webgpu') {
    const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
    const words = [info?.vendor, info?.architecture].filter(Boolean);
    return words.length ? words.join(' ') : 'unknown GPU';
  }
  const c = cpus();
  return `${c[0]?.model.trim() ?? 'unknown CPU'} (tfjs ${backend} backend, 1 thread; ${c.length} cores on the machine)`;
}

/** Runs training/bench_dsc.py with the same settings and returns its JSON. */
function runPytorch(a: Args): Record<string, unknown> {
  // Beside the sources, or from the repository root when this file runs as a bundle.
  const beside = resolve(import.meta.dirname, '../../training/bench_dsc.py');
  const script = existsSync(beside) ? beside : resolve('training/bench_dsc.py');
  const args = [script, '--size', `${a.height}x${a.width}`, '--iters', String(a.iters), '--warmup', String(a.warmup)];
  args.push('--k', String(a.k), '--superpixels', String(a.superpixels));
  process.stderr.write(`bench:dsc: ${a.python} ${args.join(' ')}\n`);
  const r = spawnSync(a.python, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.error) throw new Error(`--pytorch: could not start ${a.python} (${r.error.message})`);
  if (r.status !== 0) throw new Error(`--pytorch: training/bench_dsc.py failed (exit ${r.status}):\n${r.stderr}`);
  try {
    return JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`--pytorch: training/bench_dsc.py printed no JSON:\n${r.stdout}`);
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const backend = await setupTfNode(a.backend as NodeBackend);
  // webgpu only (bindGroupCache.ts; on by default).
  const bindGroupCache = setBindGroupCache(a.bindGroupCache);
  const bar = new ProgressBar(2 * (a.iters + a.warmup), 'bench:dsc ');
  const bench: BenchmarkDscResult = await benchmarkDsc(deviceName(backend), {
    height: a.height,
    width: a.width,
    iters: a.iters,
    warmup: a.warmup,
    k: a.k,
    superpixels: a.superpixels,
    kernels: a.kernels,
    onIteration: () => bar.tick(),
  });
  let result: Record<string, unknown> = { ...bench, bind_group_cache: bindGroupCache, ...(bindGroupCache && { bind_group_cache_stats: bindGroupCacheStats() }) };
  if (a.pytorch) {
    // A failed reference still leaves the tfjs figures (and says why the ratio is missing).
    try {
      const py = runPytorch(a);
      const ms = Number(py.ms_per_iter);
      result = { ...result, pytorch_ms_per_iter: ms, ratio_vs_pytorch: bench.ms_per_iter / ms, pytorch: py };
    } catch (e) {
      process.stderr.write(`bench:dsc: ${e instanceof Error ? e.message : String(e)}\n`);
      result = { ...result, pytorch_error: e instanceof Error ? e.message : String(e) };
    }
  }
  const text = JSON.stringify(result, null, 2);
  console.log(text);
  if (a.json) writeFileSync(a.json, text + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:dsc: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
