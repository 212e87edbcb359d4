import type { LabelMap } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import {
  felzenszwalbGraph,
  felzenszwalbSegment,
  type FelzenszwalbGraph,
  type FelzenszwalbOptions,
  validateFelzenszwalbOptions,
} from './felzenszwalb';
import {
  meanShiftMerge,
  meanShiftRegions,
  type MeanShiftOptions,
  type MeanShiftRegions,
  validateMeanShiftOptions,
} from './meanShift';
import { throwIfAborted, type RunContext } from './runContext';
import {
  prepareSlic,
  slicCluster,
  slicConnect,
  slicPrepared,
  type SlicInput,
  type SlicOptions,
  validateSlicOptions,
} from './slic';

/** Relative tolerance on the count: |M - target| <= 10% of target (at least 1). */
export const COUNT_TOLERANCE = 0.1;

export interface CountResult {
  map: LabelMap;
  /** Every (parameter, count) evaluated, in order. */
  tried: Array<[number, number]>;
  /** Value of the searched parameter that produced `map`. */
  param: number;
  count: number;
}

export interface CountSearch {
  target: number;
  /** Search interval for the parameter (lo > 0 when `log`). */
  lo: number;
  hi: number;
  initial: number;
  integer: boolean;
  log: boolean;
  /** True when the segment count grows with the parameter. */
  increasing: boolean;
  maxSteps: number;
  run: (param: number) => LabelMap;
  ctx?: RunContext;
}

export function labelCount(map: LabelMap): number {
  let max = -1;
  const l = map.labels;
  for (let i = 0; i < l.length; i++) if (l[i] > max) max = l[i];
  return max + 1;
}

export function withinTolerance(count: number, target: number): boolean {
  return Math.abs(count - target) <= Math.max(1, COUNT_TOLERANCE * target);
}

/**
 * Bracketing search on a parameter the segment count depends on monotonically, or nearly so:
 * regula falsi on log(count) against the (log) parameter, kept inside the middle 80% of the
 * bracket so it always shrinks. Returns the first result within tolerance, else the closest
 * one seen (counts can jump past the target when one region splits in two).
 */
export function searchForCount(s: CountSearch): CountResult {
  const tx = (v: number) => (s.log ? Math.log(v) : v);
  const ux = (v: number) => (s.log ? Math.exp(v) : v);
  let lo = s.lo, hi = s.hi;
  // Counts at the bracket ends once evaluated (NaN before).
  let cLo = NaN, cHi = NaN;
  let p = Math.min(hi, Math.max(lo, s.initial));
  if (s.integer) p = Math.round(p);
  let best: CountResult | null = null;
  const tried: Array<[number, number]> = [];
  const logT = Math.log(s.target);
  for (let step = 0; step < s.maxSteps; step++) {
    throwIfAborted(s.ctx?.signal);
    const map = s.run(p);
    const count = labelCount(map);
    tried.push([p, count]);
    if (!best || Math.abs(count - s.target) < Math.abs(best.count - s.target)) best = { map, param: p, count, tried };
    s.ctx?.onProgress?.((step + 1) / s.maxSteps);
    if (withinTolerance(count, s.target)) break;
    const tooMany = count > s.target;
    if (s.increasing === tooMany) {
      hi = p;
      cHi = count;
    } else {
      lo = p;
      cLo = count;
    }
    const a = tx(lo), b = tx(hi);
    let next: number;
    if (!Number.isNaN(cLo) && !Number.isNaN(cHi) && cLo !== cHi) {
      const t = (logT - Math.log(cLo)) / (Math.log(cHi) - Math.log(cLo));
      next = a + Math.min(0.9, Math.max(0.1, t)) * (b - a);
    } else {
      // One side known: assume count ~ param^(+-1) and step towards the target.
      const guess = tx(p) + (s.increasing ? 1 : -1) * (logT - Math.log(count)) * (s.log ? 1 : p / Math.max(count, 1));
      next = Math.min(a + 0.9 * (b - a), Math.max(a + 0.1 * (b - a), guess));
    }
    next = ux(next);
    if (s.integer) next = Math.round(next);
    const narrow = s.integer ? hi - lo <= 1 : s.log ? hi / lo < 1.0005 : hi - lo < 1e-4 * Math.abs(hi);
    if (narrow || next === p) break;
    p = next;
  }
  s.ctx?.onProgress?.(1);
  return best!;
}

/** The tried parameter with the smallest count above `target` (the near side of a jump). */
function smallestOver(tried: Array<[number, number]>, target: number): [number, number] | null {
  let over: [number, number] | null = null;
  for (const t of tried) if (t[1] > target && (!over || t[1] < over[1])) over = t;
  return over;
}

function checkTarget(image: RgbaImage, target: number): void {
  const n = image.width * image.height;
  if (!Number.isInteger(target) || target < 1) {
    throw new RangeError(`targetCount must be a positive integer, got ${target}`);
  }
  if (target > n) {
    throw new RangeError(`targetCount ${target} exceeds the pixel count ${n} of a ${image.width}x${image.height} image`);
  }
}

/** SLIC with n_segments searched for about `target` superpixels (Lab computed once). */
export function slicForCount(image: RgbaImage, target: number, options: SlicOptions = {}, ctx: RunContext = {}): CountResult {
  checkTarget(image, target);
  const o = validateSlicOptions(options);
  return slicSearch(prepareSlic(image, o.sigma), target, o, ctx);
}

function slicSearch(input: SlicInput, target: number, o: Required<SlicOptions>, ctx: RunContext): CountResult {
  const n = input.width * input.height;
  const stage1 = { signal: ctx.signal, onProgress: (f: number) => ctx.onProgress?.(0.8 * f) };
  const first = searchForCount({
    target, lo: 1, hi: n, initial: target, integer: true, log: true, increasing: true, maxSteps: 12, ctx: stage1,
    run: (p) => slicPrepared(input, { ...o, nSegments: p }, { signal: ctx.signal }),
  });
  if (withinTolerance(first.count, target) || !o.enforceConnectivity) {
    ctx.onProgress?.(1);
    return first;
  }
  // The seed grid has an integer step, so counts jump (on small images by more than 10%).
  // From the smallest seeding that overshoots, merge more small pieces: min_size_factor up.
  const over = smallestOver(first.tried, target);
  if (!over) return first;
  const clusters = slicCluster(input, { ...o, nSegments: over[0] }, { signal: ctx.signal });
  const second = searchForCount({
    target, lo: o.minSizeFactor, hi: Math.max(o.minSizeFactor, 4), initial: (o.minSizeFactor + 1.5) / 2,
    integer: false, log: false, increasing: false, maxSteps: 12,
    ctx: { signal: ctx.signal, onProgress: (f: number) => ctx.onProgress?.(0.8 + 0.2 * f) },
    run: (f) => slicConnect(clusters, { ...o, minSizeFactor: f }),
  });
  return Math.abs(second.count - target) < Math.abs(first.count - target) ? second : first;
}

/** Felzenszwalb with `scale` (k) searched; the sorted graph is built once. */
export function felzenszwalbForCount(image: RgbaImage, target: number, options: FelzenszwalbOptions = {}, ctx: RunContext = {}): CountResult {
  checkTarget(image, target);
  const o = validateFelzenszwalbOptions(options);
  return felzenszwalbSearch(felzenszwalbGraph(image, o.sigma, ctx), target, o, ctx);
}

function felzenszwalbSearch(graph: FelzenszwalbGraph, target: number, o: Required<FelzenszwalbOptions>, ctx: RunContext): CountResult {
  // Segment count falls roughly as 1/k; start from a guess on the pixels per segment.
  const n = graph.width * graph.height;
  const initial = Math.max(1, (n / target) * 2.5);
  const first = searchForCount({
    target, lo: 1e-3, hi: 1e7, initial, integer: false, log: true, increasing: false, maxSteps: 20,
    ctx: { signal: ctx.signal, onProgress: (f: number) => ctx.onProgress?.(0.8 * f) },
    run: (k) => felzenszwalbSegment(graph, k, o.minSize, { signal: ctx.signal }),
  });
  const over = withinTolerance(first.count, target) ? null : smallestOver(first.tried, target);
  if (!over) {
    ctx.onProgress?.(1);
    return first;
  }
  // The count jumped over the target (a large segment splits at some k): from the k just
  // before the jump, raise min_size so the smallest segments merge into their neighbours.
  const second = searchForCount({
    target, lo: Math.max(1, o.minSize), hi: Math.max(o.minSize, Math.ceil(n / target)), initial: Math.max(o.minSize, 1) * 2,
    integer: true, log: true, increasing: false, maxSteps: 16,
    ctx: { signal: ctx.signal, onProgress: (f: number) => ctx.onProgress?.(0.8 + 0.2 * f) },
    run: (m) => felzenszwalbSegment(graph, over[0], m, { signal: ctx.signal }),
  });
  return Math.abs(second.count - target) < Math.abs(first.count - target) ? second : first;
}

/** Mean shift with `minArea` searched; filtering and fusion run once. */
export function meanShiftForCount(image: RgbaImage, target: number, options: MeanShiftOptions = {}, ctx: RunContext = {}): CountResult {
  checkTarget(image, target);
  const o = validateMeanShiftOptions(options);
  const regions = meanShiftRegions(image, o, { signal: ctx.signal, onProgress: (f) => ctx.onProgress?.(0.8 * f) });
  return meanShiftSearch(regions, target, ctx);
}

function meanShiftSearch(regions: MeanShiftRegions, target: number, ctx: RunContext): CountResult {
  const n = regions.width * regions.height;
  return searchForCount({
    target, lo: 1, hi: n, initial: Math.max(1, Math.round(n / target / 4)), integer: true, log: true, increasing: false, maxSteps: 30,
    ctx: { signal: ctx.signal, onProgress: (f) => ctx.onProgress?.(0.8 + 0.2 * f) },
    run: (a) => meanShiftMerge(regions, a, { signal: ctx.signal }),
  });
}

/**
 * Several target counts on one image, sharing the expensive preparation (SLIC's Lab image,
 * Felzenszwalb's sorted graph, mean shift's filtering and fusion). Results in `targets` order.
 */
export function superpixelsForCounts(
  image: RgbaImage,
  algorithm: 'slic' | 'egb' | 'ms',
  targets: readonly number[],
  params: object = {},
  ctx: RunContext = {},
): CountResult[] {
  for (const t of targets) checkTarget(image, t);
  const each = (k: number): RunContext => ({
    signal: ctx.signal,
    onProgress: (f) => ctx.onProgress?.(0.3 + (0.7 * (k + f)) / targets.length),
  });
  const prep: RunContext = { signal: ctx.signal, onProgress: (f) => ctx.onProgress?.(0.3 * f) };
  if (algorithm === 'slic') {
    const o = validateSlicOptions({ ...params, nSegments: undefined });
    const input = prepareSlic(image, o.sigma);
    return targets.map((t, k) => slicSearch(input, t, o, each(k)));
  }
  if (algorithm === 'egb') {
    const o = validateFelzenszwalbOptions({ ...params, scale: undefined });
    const graph = felzenszwalbGraph(image, o.sigma, prep);
    return targets.map((t, k) => felzenszwalbSearch(graph, t, o, each(k)));
  }
  if (algorithm === 'ms') {
    const o = validateMeanShiftOptions({ ...params, minArea: undefined });
    const regions = meanShiftRegions(image, o, prep);
    return targets.map((t, k) => meanShiftSearch(regions, t, each(k)));
  }
  throw new RangeError(`unknown superpixel algorithm '${String(algorithm)}'`);
}
