import type { LabelMap } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import { felzenszwalbGraph, felzenszwalbSegment, type FelzenszwalbOptions, validateFelzenszwalbOptions } from './felzenszwalb';
import { meanShiftMerge, meanShiftRegions, type MeanShiftOptions, validateMeanShiftOptions } from './meanShift';
import { throwIfAborted, type RunContext } from './runContext';
import { prepareSlic, slicCluster, slicConnect, slicPrepared, type SlicOptions, validateSlicOptions } from './slic';

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
 * Bisection (geometric when `log`) on a parameter the segment count depends on monotonically,
 * or nearly so. Returns the first result within tolerance, else the closest one seen.
 */
export function searchForCount(s: CountSearch): CountResult {
  let lo = s.lo;
  let hi = s.hi;
  let p = Math.min(hi, Math.max(lo, s.initial));
  if (s.integer) p = Math.round(p);
  let best: CountResult | null = null;
  const tried: Array<[number, number]> = [];
  for (let step = 0; step < s.maxSteps; step++) {
    throwIfAborted(s.ctx?.signal);
    const map = s.run(p);
    const count = labelCount(map);
    tried.push([p, count]);
    if (!best || Math.abs(count - s.target) < Math.abs(best.count - s.target)) best = { map, param: p, count, tried };
    s.ctx?.onProgress?.((step + 1) / s.maxSteps);
    if (withinTolerance(count, s.target)) break;
    const tooMany = count > s.target;
    if (s.increasing === tooMany) hi = p;
    else lo = p;
    let next = s.log ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (s.integer) next = Math.round(next);
    if (next === p || (s.integer && hi - lo <= 1)) {
      // Bracket exhausted: try the other end once if it is untried.
      const other = next === lo ? hi : lo;
      if (other === p) break;
      next = other;
    }
    p = next;
  }
  s.ctx?.onProgress?.(1);
  return best!;
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
  const input = prepareSlic(image, o.sigma);
  const n = image.width * image.height;
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
  let over: [number, number] | null = null;
  for (const t of first.tried) if (t[1] > target && (!over || t[1] < over[1])) over = t;
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
  const graph = felzenszwalbGraph(image, o.sigma, ctx);
  // Segment count falls roughly as 1/k; start from a guess on the pixels per segment.
  const initial = Math.max(1, (image.width * image.height) / target / 4);
  return searchForCount({
    target, lo: 1e-3, hi: 1e7, initial, integer: false, log: true, increasing: false, maxSteps: 30, ctx,
    run: (k) => felzenszwalbSegment(graph, k, o.minSize, { signal: ctx.signal }),
  });
}

/** Mean shift with `minArea` searched; filtering and fusion run once. */
export function meanShiftForCount(image: RgbaImage, target: number, options: MeanShiftOptions = {}, ctx: RunContext = {}): CountResult {
  checkTarget(image, target);
  const o = validateMeanShiftOptions(options);
  const regions = meanShiftRegions(image, o, { signal: ctx.signal, onProgress: (f) => ctx.onProgress?.(0.8 * f) });
  const n = image.width * image.height;
  return searchForCount({
    target, lo: 1, hi: n, initial: Math.max(1, Math.round(n / target / 4)), integer: true, log: true, increasing: false, maxSteps: 30,
    ctx: { signal: ctx.signal, onProgress: (f) => ctx.onProgress?.(0.8 + 0.2 * f) },
    run: (a) => meanShiftMerge(regions, a, { signal: ctx.signal }),
  });
}
