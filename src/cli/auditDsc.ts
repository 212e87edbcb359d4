/**
 * What one DSC iteration asks of the WebGPU backend: every program it dispatches (its kind,
 * workgroups, input and output shapes), how many per iteration, the bytes they read and write,
 * and the iteration's wall time; optionally the CPU side alone, or each kernel's GPU time.
 *
 *   npm run audit:dsc -- [--size 321x481] [--kernels K] [--iters 3] [--warmup 2] [--k 32]
 *                        [--empty] [--timestamps] [--list] [--top 15] [--bind-group-cache on|off] [--json FILE]
 *
 * --empty dispatches zero workgroups for every program: the GPU computes nothing, so the wall time
 * is what tfjs, Dawn and the read-backs cost the CPU (the iteration's floor on any GPU with this
 * host). --timestamps times every program of one more iteration with WebGPU timestamp queries
 * (where the adapter has them), ours included, which run outside tfjs's kernels and so outside
 * tf.profile: each program gets its own compute pass, so the sum is GPU time without overlap. Without a GPU it runs on SwiftShader:
 * VK_DRIVER_FILES=/usr/lib/chromium/vk_swiftshader_icd.json (docs/performance.md). It hooks the
 * backend's recordAndSubmit, an internal of tfjs-backend-webgpu 4.22.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { createDsc } from '../core/dsc/createDsc';
import { DSC_KERNELS, type ResolvedDscOptions } from '../core/dsc/DscOptions';
import { median } from '../core/dsc/benchmarkDsc';
import { resolveKernels } from '../core/dsc/dscObjective';
import { gridSuperpixels, randomImage } from '../core/dsc/dscTestUtils';
import { encoderWeightsFromModel } from '../core/dsc/encoderWeights';
import { buildSuperAE } from '../core/superae/buildSuperAE';
import { bindGroupCacheStats, setBindGroupCache } from '../core/dsc/wgsl/bindGroupCache';
import { onOffFlag, parseFlags } from './dscCommon';
import { setupTfNode } from './tfNode';

interface Program {
  constructor: { name: string };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
}
interface TensorInfo {
  shape: number[];
  dtype: string;
}
interface Dispatch {
  program: string;
  workgroups: number[];
  workgroupSize: number[];
  output: number[];
  inputs: number[][];
  /** Bytes of the inputs and the output (4 per element). */
  bytes: number;
  /** Threads launched. */
  threads: number;
}
type Backend = {
  recordAndSubmit: (program: Program, output: TensorInfo, inputs: TensorInfo[], uniforms: unknown) => void;
  supportTimestampQuery?: boolean;
  /** While set, the backend gives each program its own timed pass and pushes {name, query} here. */
  activeTimers?: { name: string; query: Promise<number> }[] | null;
};

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const sortByMs = (r: Record<string, { ms: number; count: number }>) =>
  Object.fromEntries(Object.entries(r).sort((a, b) => b[1].ms - a[1].ms));

async function main(): Promise<void> {
  const { values, switches } = parseFlags(
    process.argv.slice(2),
    ['--iters', '--warmup', '--k', '--top', '--json', '--kernels', '--bind-group-cache'],
    ['--empty', '--timestamps', '--list'],
  );
  const m = /^(\d+)x(\d+)$/.exec(values.get('--size') ?? '321x481');
  if (!m) throw new Error('--size must be HxW, e.g. 321x481');
  const [height, width] = [Number(m[1]), Number(m[2])];
  const int = (flag: string, fallback: number, min: number) => {
    const v = Number(values.get(flag) ?? fallback);
    if (!Number.isInteger(v) || v < min) throw new Error(`${flag} must be an integer >= ${min}`);
    return v;
  };
  const iters = int('--iters', 3, 1);
  const warmup = int('--warmup', 2, 0);
  const k = int('--k', 32, 2);
  const top = int('--top', 15, 0);
  const kernels = (values.get('--kernels') ?? 'auto') as ResolvedDscOptions['kernels'];
  if (!(DSC_KERNELS as readonly string[]).includes(kernels)) throw new Error(`--kernels must be one of ${DSC_KERNELS.join(', ')}`);
  const empty = switches.has('--empty');

  await setupTfNode('webgpu');
  // Before the hook below, which then wraps the cache's recordAndSubmit and sees every dispatch.
  const bindGroupCache = setBindGroupCache(onOffFlag('--bind-group-cache', values.get('--bind-group-cache'), true));
  const backend = tf.backend() as unknown as Backend;
  let recording = false;
  let current: Dispatch[] = [];
  // Set for the timed iteration: every program's timestamp query lands here.
  let timers: { name: string; query: Promise<number> }[] | null = null;
  const original = backend.recordAndSubmit.bind(backend);
  backend.recordAndSubmit = (program, output, inputs, uniforms) => {
    if (timers && backend.activeTimers == null) {
      backend.activeTimers = timers;
      try {
        return original(program, output, inputs, uniforms);
      } finally {
        backend.activeTimers = null;
      }
    }
    if (recording) {
      current.push({
        program: program.constructor.name,
        workgroups: [...program.dispatch],
        workgroupSize: [...program.workgroupSize],
        output: [...output.shape],
        inputs: inputs.map((t) => [...t.shape]),
        bytes: 4 * (size(output.shape) + inputs.reduce((s, t) => s + size(t.shape), 0)),
        threads: size(program.dispatch) * size(program.workgroupSize),
      });
    }
    if (!empty) return original(program, output, inputs, uniforms);
    // Zero workgroups: the command is encoded and submitted as usual, the GPU does nothing.
    const dispatch = program.dispatch;
    program.dispatch = [0, 0, 0];
    try {
      return original(program, output, inputs, uniforms);
    } finally {
      program.dispatch = dispatch;
    }
  };

  const sp = gridSuperpixels(width, height, Math.max(1, Math.round(Math.sqrt((height * width) / 100))));
  const image = randomImage(width, height, 1);
  const model = buildSuperAE(0);
  const weights = encoderWeightsFromModel(model);
  model.dispose();
  const timestamps = switches.has('--timestamps');
  const dsc = await createDsc(weights, { k, iterations: warmup + iters + (timestamps ? 1 : 0), minLabels: 0, kernels });
  const perIteration: Dispatch[][] = [];
  const ms: number[] = [];
  // Time the JavaScript thread was busy (not waiting on the GPU or a read-back) per iteration.
  const busyMs: number[] = [];
  let programMs: Record<string, { ms: number; count: number }> | null = null;
  try {
    let i = 0;
    const run = dsc.run(image, sp, {});
    for (;;) {
      const last = timestamps && i === warmup + iters;
      recording = i >= warmup && !last;
      current = [];
      let next: IteratorResult<unknown> | undefined;
      const elu = performance.eventLoopUtilization();
      if (last) {
        timers = [];
        try {
          next = await run.next();
        } finally {
          const done = timers;
          timers = null;
          programMs = {};
          for (const t of done) {
            const entry = (programMs[t.name] ??= { ms: 0, count: 0 });
            entry.ms += await t.query;
            entry.count += 1;
          }
        }
      } else next = await run.next();
      if (!next || next.done) break;
      if (recording) {
        perIteration.push(current);
        ms.push((next.value as { ms: number }).ms);
        busyMs.push(performance.eventLoopUtilization(elu).active);
      }
      i++;
    }
  } finally {
    dsc.dispose();
    for (const t of weights.values()) t.dispose();
  }
  const dispatches = perIteration[0] ?? [];
  const byProgram: Record<string, number> = {};
  for (const d of dispatches) byProgram[d.program] = (byProgram[d.program] ?? 0) + 1;
  // The dispatches with the most elements per thread: long serial loops on few threads.
  const perThread = (d: Dispatch) => Math.max(size(d.output), ...d.inputs.map(size)) / Math.max(1, d.threads);
  const heaviest = [...dispatches].sort((a, b) => perThread(b) - perThread(a)).slice(0, top);
  const result = {
    backend: tf.getBackend(),
    size: `${height}x${width}`,
    kernels: resolveKernels(kernels),
    k,
    empty,
    iters,
    warmup,
    ms_per_iter: median(ms),
    ms,
    js_busy_ms_per_iter: median(busyMs),
    js_busy_ms: busyMs,
    dispatches_per_iter: dispatches.length,
    dispatch_counts_agree: perIteration.every((p) => p.length === dispatches.length),
    mbytes_per_iter: dispatches.reduce((s, d) => s + d.bytes, 0) / 1e6,
    by_program: Object.fromEntries(Object.entries(byProgram).sort((a, b) => b[1] - a[1])),
    heaviest_per_thread: heaviest.map((d) => ({ ...d, elements_per_thread: Math.round(perThread(d)) })),
    timestamp_query: backend.supportTimestampQuery ?? false,
    bind_group_cache: bindGroupCache,
    bind_group_cache_stats: bindGroupCacheStats(),
    program_ms: programMs ? sortByMs(programMs) : null,
    gpu_ms_per_iter: programMs ? Object.values(programMs as Record<string, { ms: number }>).reduce((s, p) => s + p.ms, 0) : null,
    ...(switches.has('--list') ? { dispatches } : {}),
  };
  process.stderr.write(
    `${result.size} ${result.kernels}${empty ? ' (empty dispatches: CPU side only)' : ''}: ` +
      `${result.ms_per_iter.toFixed(1)} ms/iter (${ms.map((x) => x.toFixed(1)).join(', ')}), ` +
      `JavaScript thread busy ${result.js_busy_ms_per_iter.toFixed(1)} ms/iter, ` +
      `${result.dispatches_per_iter} dispatches, ${result.mbytes_per_iter.toFixed(0)} MB read+written\n`,
  );
  const file = values.get('--json');
  if (file) writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`audit:dsc: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
