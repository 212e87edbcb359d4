import * as tf from '@tensorflow/tfjs';
import { buildSuperAE } from '../superae/buildSuperAE';
import { createDsc, type DscIteration, type DscIterationParts } from './createDsc';
import type { ResolvedDscOptions } from './DscOptions';
import { resolveKernels } from './dscObjective';
import { gridSuperpixels, randomImage } from './dscTestUtils';
import { encoderWeightsFromModel } from './encoderWeights';

export interface BenchmarkDscOptions {
  /** Image height, pixels. @default 321 */
  height?: number;
  /** Image width, pixels. @default 481 */
  width?: number;
  /** Timed iterations; the figures are medians over them. @default 20 */
  iters?: number;
  /** Untimed iterations first (shader compilation, allocator warm-up). @default 5 */
  warmup?: number;
  /** Clusters K of the head. @default 32 */
  k?: number;
  /** About how many grid superpixels (as training/bench_dsc.py lays them out). @default 100 */
  superpixels?: number;
  /** The DSC kernel set (DscOptions.kernels). @default 'auto' */
  kernels?: ResolvedDscOptions['kernels'];
  /** Called after every iteration, e.g. for a progress bar: (done, total). */
  onIteration?: (done: number, total: number) => void;
}

type Resolved = Required<Omit<BenchmarkDscOptions, 'onIteration' | 'kernels'>>;

const DEFAULTS: Resolved = {
  height: 321,
  width: 481,
  iters: 20,
  warmup: 5,
  k: 32,
  superpixels: 100,
};

/** The JSON of `npm run bench:dsc` and of bench.html; the same fields as training/bench_dsc.py. */
export interface BenchmarkDscResult {
  backend: string;
  device: string;
  /** HxW. */
  size: string;
  iters: number;
  warmup: number;
  k: number;
  /** The kernel set, 'auto' resolved for the backend (see DscOptions.kernels). */
  kernels: string;
  /** Number of superpixels M actually laid out. */
  superpixels: number;
  /** Median wall time of a whole, unprofiled iteration, ended by reading the loss and the labels. */
  ms_per_iter: number;
  /** Medians over a second, profiled run (see DscIterationParts). */
  parts: {
    forward: number;
    pseudo_labels: number;
    backward: number;
    optimizer: number;
    readback: number;
  };
}

function resolve(options: BenchmarkDscOptions): Resolved {
  const o: Resolved = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Resolved)[]) {
    const v = options[key];
    if (v === undefined) continue;
    const min = key === 'warmup' ? 0 : key === 'height' || key === 'width' || key === 'k' ? 2 : 1;
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`benchmarkDsc: ${key} must be an integer >= ${min}, got ${v}`);
    o[key] = v;
  }
  return o;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times the project's DSC iteration (createDsc) on the current tfjs backend, as
 * training/bench_dsc.py times PyTorch's: random SuperAE encoder weights, a random image, grid
 * superpixels, K clusters. Two runs from the same start: one unprofiled for `ms_per_iter`, one
 * profiled for `parts`. `device` names the hardware in the result (the caller knows it).
 */
export async function benchmarkDsc(
  device: string,
  options: BenchmarkDscOptions = {},
): Promise<BenchmarkDscResult> {
  const o = resolve(options);
  const { height, width } = o;
  await tf.ready();
  // Cells of about h*w/count pixels, as bench_dsc.py's grid_superpixels.
  const side = Math.max(1, Math.round(Math.sqrt((height * width) / o.superpixels)));
  const sp = gridSuperpixels(width, height, side);
  const m = Math.ceil(height / side) * Math.ceil(width / side);
  if (m < 2)
    throw new RangeError(
      `benchmarkDsc: a ${height}x${width} image holds fewer than 2 superpixels; ask for more`,
    );
  const image = randomImage(width, height, 1);
  const model = buildSuperAE(0);
  const weights = encoderWeightsFromModel(model);
  model.dispose();
  const total = 2 * (o.warmup + o.iters);
  let done = 0;
  try {
    const dsc = await createDsc(weights, {
      k: o.k,
      iterations: o.warmup + o.iters,
      minLabels: 0,
      kernels: options.kernels ?? 'auto',
    });
    try {
      const runOnce = async (profile: boolean) => {
        const its: DscIteration[] = [];
        for await (const it of dsc.run(image, sp, { profile })) {
          its.push(it);
          options.onIteration?.(++done, total);
        }
        return its.slice(o.warmup);
      };
      const plain = await runOnce(false);
      const profiled = await runOnce(true);
      const part = (key: keyof DscIterationParts) => median(profiled.map((it) => it.parts![key]));
      return {
        backend: tf.getBackend(),
        device,
        size: `${height}x${width}`,
        iters: o.iters,
        warmup: o.warmup,
        k: o.k,
        kernels: resolveKernels(dsc.options.kernels),
        superpixels: m,
        ms_per_iter: median(plain.map((it) => it.ms)),
        parts: {
          forward: part('forward'),
          pseudo_labels: part('pseudoLabels'),
          backward: part('backward'),
          optimizer: part('optimizer'),
          readback: part('readback'),
        },
      };
    } finally {
      dsc.dispose();
    }
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}
