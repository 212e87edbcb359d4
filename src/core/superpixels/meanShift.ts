import type { LabelMap } from '../image/LabelMap';
import { assertRgbaImage, type RgbaImage } from '../image/RgbaImage';
import { rgbaToLab, rgbaToLuv } from './colour';
import { connectedComponents } from './connectivity';
import { createMeanShiftWasmKernel } from './meanShiftWasm';
import { readChoice, readNumber, rejectUnknown } from './options';
import { throwIfAborted, type RunContext } from './runContext';
import { findRoot, identityForest } from './unionFind';

/**
 * Mean shift segmentation options, after the EDISON system (Comaniciu and Meer, TPAMI 2002;
 * Christoudias, Georgescu and Meer, ICPR 2002), whose defaults they keep.
 */
export interface MeanShiftOptions {
  /** `hs`: spatial bandwidth in pixels (radius of the disc-shaped window). @default 7 */
  hs?: number;
  /** `hr`: range bandwidth in colour units (Luv or Lab, L in 0..100). @default 6.5 */
  hr?: number;
  /** `min_area`: regions smaller than this many pixels are merged into the closest-colour neighbour. @default 20 */
  minArea?: number;
  /** Colour space of the range domain. @default 'luv' */
  colourSpace?: 'luv' | 'lab';
  /**
   * 'high': EDISON's high speedup, pixels a trajectory passes within hr/2 of take its mode and
   * trajectories stop when they reach a pixel whose mode is known; 'none': every pixel climbs.
   * @default 'high'
   */
  speedup?: 'high' | 'none';
  /** Iteration cap per mean shift trajectory. @default 100 */
  maxIter?: number;
}

export const MEAN_SHIFT_DEFAULTS: Required<MeanShiftOptions> = {
  hs: 7,
  hr: 6.5,
  minArea: 20,
  colourSpace: 'luv',
  speedup: 'high',
  maxIter: 100,
};

export function validateMeanShiftOptions(options: MeanShiftOptions = {}): Required<MeanShiftOptions> {
  const a = 'meanShift';
  rejectUnknown(a, options, Object.keys(MEAN_SHIFT_DEFAULTS));
  const d = MEAN_SHIFT_DEFAULTS;
  return {
    // The window is (2 hs + 1)^2 pixels per step: hs is capped so a run cannot take hours.
    hs: readNumber(a, options, 'hs', d.hs, { min: 0, max: 32, minExclusive: true }),
    hr: readNumber(a, options, 'hr', d.hr, { min: 0, max: 1000, minExclusive: true }),
    minArea: readNumber(a, options, 'minArea', d.minArea, { min: 0, max: 1e9, integer: true }),
    colourSpace: readChoice(a, options, 'colourSpace', d.colourSpace, ['luv', 'lab'] as const),
    speedup: readChoice(a, options, 'speedup', d.speedup, ['high', 'none'] as const),
    maxIter: readNumber(a, options, 'maxIter', d.maxIter, { min: 1, max: 1000, integer: true }),
  };
}

/** Squared normalised shift below which a trajectory has converged (EDISON's EPSILON). */
const EPSILON = 0.01;
/** (hr/2)^2 in normalised units: basin of attraction and mode-grouping radius. */
const HALF_RANGE2 = 0.25;

/** Mode filtering result plus the 4-connected regions of equal modes and their adjacency. */
export interface MeanShiftRegions {
  width: number;
  height: number;
  /** Pixel -> initial region. */
  region: Int32Array;
  regionCount: number;
  /** Region -> summed mode colour (normalised by hr) and pixel count. */
  sumColour: Float64Array;
  area: Float64Array;
  /** Adjacent region pairs, each once. */
  edgeA: Int32Array;
  edgeB: Int32Array;
}

/**
 * Mean shift segmentation: mode filtering in the joint spatial-range domain, region fusion of
 * neighbouring modes closer than hr, then elimination of regions below minArea. Output labels
 * 0..M-1, each region 4-connected.
 */
export function meanShift(image: RgbaImage, options: MeanShiftOptions = {}, ctx: RunContext = {}): LabelMap {
  const o = validateMeanShiftOptions(options);
  const regions = meanShiftRegions(image, o, ctx);
  const out = meanShiftMerge(regions, o.minArea, ctx);
  ctx.onProgress?.(1);
  return out;
}

/** The expensive part (filtering, grouping, fusion), reusable for several minArea values. */
export function meanShiftRegions(
  image: RgbaImage, o: Required<MeanShiftOptions>, ctx: RunContext = {}, kernel: MeanShiftKernel = 'auto',
): MeanShiftRegions {
  assertRgbaImage(image);
  const { width: w, height: h } = image;
  const raw = o.colourSpace === 'luv' ? rgbaToLuv(image.data) : Float32Array.from(rgbaToLab(image.data));
  // Colours divided by hr, rounded to float32 as before, held as doubles: the climbs read each
  // many times and skip the conversion.
  const inv = 1 / o.hr;
  const colour = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) colour[i] = Math.fround(raw[i] * inv);
  const modes = filterModes(colour, w, h, o, ctx, kernel);
  const initial = groupModes(modes, w, h);
  fuseRegions(initial);
  return initial;
}

/**
 * Which implementation of the mode filtering runs: 'auto' takes WebAssembly where available
 * (meanShift.wat), else JavaScript; 'js' and 'wasm' force one ('wasm' throws where unavailable).
 * Both give the same modes, bit for bit.
 */
export type MeanShiftKernel = 'auto' | 'js' | 'wasm';

/**
 * Mode of each pixel under the uniform joint kernel: |dx|^2 + |dy|^2 <= hs^2 and
 * |c - c_q|^2 < hr^2: flat-kernel mean shift in the joint spatial-range domain.
 * Colours are pre-divided by hr so the range test is d < 1.
 */
function filterModes(
  c: Float64Array, w: number, h: number, o: Required<MeanShiftOptions>, ctx: RunContext, kernel: MeanShiftKernel,
): Float32Array {
  const hs = o.hs;
  const r = Math.floor(hs);
  const invHs2 = 1 / (hs * hs);
  const halfSpan = new Int32Array(r + 1);
  for (let dy = 0; dy <= r; dy++) halfSpan[dy] = Math.floor(Math.sqrt(hs * hs - dy * dy));
  const high = o.speedup === 'high';
  const wasm = kernel === 'js' ? null : createMeanShiftWasmKernel(c, w, h, halfSpan, invHs2, high, o.maxIter);
  if (kernel === 'wasm' && !wasm) throw new Error('meanShift: the WebAssembly kernel is not available here');
  const js = wasm ? null : new JsModeFilter(c, w, h, halfSpan, invHs2, high, o.maxIter);
  const rowsPerTick = Math.max(1, Math.floor(h / 50));
  for (let py = 0; py < h; py += rowsPerTick) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.((0.9 * py) / h);
    const y1 = Math.min(h, py + rowsPerTick);
    if (wasm) wasm.filterRows(py, y1);
    else js!.filterRows(py, y1);
  }
  // The kernel's memory is reused by the next image: copy the modes out.
  return wasm ? wasm.modes.slice() : js!.modes;
}

/** The JavaScript mode filtering (the fallback of meanShift.wat, which follows it step for step). */
class JsModeFilter {
  readonly modes: Float32Array;
  // 0 unvisited, 1 on the current trajectory, 2 mode known.
  private readonly state: Uint8Array;
  private readonly traj: Int32Array;
  private readonly acc = new Float64Array(6);

  constructor(
    private readonly c: Float64Array, private readonly w: number, private readonly h: number,
    private readonly halfSpan: Int32Array, private readonly invHs2: number,
    private readonly high: boolean, private readonly maxIter: number,
  ) {
    const n = w * h;
    this.modes = new Float32Array(n * 3);
    this.state = new Uint8Array(n);
    this.traj = new Int32Array(n);
  }

  /** Climbs from every pixel of rows y0..y1-1 whose mode is not known yet. */
  filterRows(y0: number, y1: number): void {
    const { c, w, h, halfSpan, invHs2, high, state, traj, acc, modes } = this;
    for (let py = y0; py < y1; py++) {
      for (let px = 0; px < w; px++) {
        const i = py * w + px;
        if (state[i] === 2) continue;
        let yx = px, yy = py;
        let yL = c[i * 3], yu = c[i * 3 + 1], yv = c[i * 3 + 2];
        let len = 0;
        traj[len++] = i;
        state[i] = 1;
        for (let it = 0; it < this.maxIter; it++) {
          len = windowMean(c, w, h, halfSpan, invHs2, yx, yy, yL, yu, yv, high, state, traj, len, acc);
          const cnt = acc[5];
          if (cnt === 0) break;
          const mx = acc[0] / cnt, my = acc[1] / cnt, mL = acc[2] / cnt, mu = acc[3] / cnt, mv = acc[4] / cnt;
          const ddx = mx - yx, ddy = my - yy, dL = mL - yL, du = mu - yu, dv = mv - yv;
          const shift = (ddx * ddx + ddy * ddy) * invHs2 + dL * dL + du * du + dv * dv;
          yx = mx; yy = my; yL = mL; yu = mu; yv = mv;
          if (high) {
            const p = Math.round(yy) * w + Math.round(yx);
            const s = state[p];
            if (s === 2) {
              // Reached a pixel whose mode is known and near: this trajectory ends there too.
              const q = p * 3;
              const a = modes[q] - yL, b = modes[q + 1] - yu, d = modes[q + 2] - yv;
              if (a * a + b * b + d * d < HALF_RANGE2) {
                yL = modes[q]; yu = modes[q + 1]; yv = modes[q + 2];
                break;
              }
            } else if (s === 0) {
              const q = p * 3;
              const a = c[q] - yL, b = c[q + 1] - yu, d = c[q + 2] - yv;
              if (a * a + b * b + d * d < HALF_RANGE2) {
                state[p] = 1;
                traj[len++] = p;
              }
            }
          }
          if (shift < EPSILON) break;
        }
        for (let t = 0; t < len; t++) {
          const p = traj[t];
          state[p] = 2;
          modes[p * 3] = yL;
          modes[p * 3 + 1] = yu;
          modes[p * 3 + 2] = yv;
        }
      }
    }
  }
}

/**
 * One mean shift step with the flat kernel: sums of position and colour over the
 * window pixels within range of y, into acc = [sx, sy, sL, su, sv, count]. With the high
 * speedup, unvisited pixels within (hs/2, hr/2) of y join the trajectory (returns its length).
 * A function of its own so the JIT optimises the hot loop in isolation.
 */
function windowMean(
  c: Float64Array, w: number, h: number, halfSpan: Int32Array, invHs2: number,
  yx: number, yy: number, yL: number, yu: number, yv: number,
  high: boolean, state: Uint8Array, traj: Int32Array, len: number, acc: Float64Array,
): number {
  const r = halfSpan.length - 1;
  const cx = Math.round(yx), cy = Math.round(yy);
  const y0 = Math.max(0, cy - r), y1 = Math.min(h - 1, cy + r);
  let sx = 0, sy = 0, sL = 0, su = 0, sv = 0, cnt = 0;
  for (let qy = y0; qy <= y1; qy++) {
    const span = halfSpan[qy > cy ? qy - cy : cy - qy];
    const x0 = Math.max(0, cx - span), x1 = Math.min(w - 1, cx + span);
    const ey2 = (qy - yy) * (qy - yy);
    let q = (qy * w + x0) * 3;
    let rowCnt = 0, rowSx = 0;
    for (let qx = x0; qx <= x1; qx++, q += 3) {
      const dl = c[q] - yL, du = c[q + 1] - yu, dv = c[q + 2] - yv;
      const dr = dl * dl + du * du + dv * dv;
      if (dr < 1) {
        rowSx += qx;
        rowCnt++;
        sL += c[q];
        su += c[q + 1];
        sv += c[q + 2];
        // High speedup: a point this close to the window centre in the joint domain lies in
        // the basin of attraction of the same mode.
        if (high && dr < HALF_RANGE2) {
          const p = qy * w + qx;
          if (state[p] === 0) {
            const ex = qx - yx;
            if (dr + (ex * ex + ey2) * invHs2 < HALF_RANGE2) {
              state[p] = 1;
              traj[len++] = p;
            }
          }
        }
      }
    }
    sx += rowSx;
    sy += qy * rowCnt;
    cnt += rowCnt;
  }
  acc[0] = sx; acc[1] = sy; acc[2] = sL; acc[3] = su; acc[4] = sv; acc[5] = cnt;
  return len;
}

/**
 * Regions of the filtered image: 4-connected flood fill from a seed over pixels whose mode is
 * within hr/2 of the seed's mode (EDISON's Connect), then their adjacency.
 */
function groupModes(modes: Float32Array, w: number, h: number): MeanShiftRegions {
  const n = w * h;
  const region = new Int32Array(n).fill(-1);
  // Pixel and its column side by side, so the fill needs no division.
  const stack = new Int32Array(2 * n);
  let count = 0;
  const sums: number[] = [];
  const areas: number[] = [];
  for (let start = 0; start < n; start++) {
    if (region[start] !== -1) continue;
    const id = count++;
    const s3 = start * 3;
    const l0 = modes[s3], u0 = modes[s3 + 1], v0 = modes[s3 + 2];
    region[start] = id;
    let top = 0;
    stack[top++] = start;
    stack[top++] = start % w;
    let sL = 0, su = 0, sv = 0, area = 0;
    while (top > 0) {
      const x = stack[--top];
      const p = stack[--top];
      const p3 = p * 3;
      sL += modes[p3]; su += modes[p3 + 1]; sv += modes[p3 + 2]; area++;
      // Neighbours right, left, down, up.
      if (x < w - 1 && region[p + 1] === -1 && nearMode(modes, p + 1, l0, u0, v0)) {
        region[p + 1] = id; stack[top++] = p + 1; stack[top++] = x + 1;
      }
      if (x > 0 && region[p - 1] === -1 && nearMode(modes, p - 1, l0, u0, v0)) {
        region[p - 1] = id; stack[top++] = p - 1; stack[top++] = x - 1;
      }
      if (p + w < n && region[p + w] === -1 && nearMode(modes, p + w, l0, u0, v0)) {
        region[p + w] = id; stack[top++] = p + w; stack[top++] = x;
      }
      if (p >= w && region[p - w] === -1 && nearMode(modes, p - w, l0, u0, v0)) {
        region[p - w] = id; stack[top++] = p - w; stack[top++] = x;
      }
    }
    sums.push(sL, su, sv);
    areas.push(area);
  }
  const { edgeA, edgeB } = regionAdjacency(region, w, h, count);
  return {
    width: w,
    height: h,
    region,
    regionCount: count,
    sumColour: Float64Array.from(sums),
    area: Float64Array.from(areas),
    edgeA,
    edgeB,
  };
}

/** Whether pixel q's mode lies within hr/2 of (l0, u0, v0). */
function nearMode(modes: Float32Array, q: number, l0: number, u0: number, v0: number): boolean {
  const q3 = q * 3;
  const a = modes[q3] - l0, b = modes[q3 + 1] - u0, d = modes[q3 + 2] - v0;
  return a * a + b * b + d * d < HALF_RANGE2;
}

/** Distinct pairs of 4-adjacent regions (a < b). */
function regionAdjacency(region: Int32Array, w: number, h: number, count: number): { edgeA: Int32Array; edgeB: Int32Array } {
  // At most two pairs per pixel (right and down neighbours).
  const pa = new Int32Array(2 * w * h);
  const pb = new Int32Array(2 * w * h);
  let m = 0;
  let lastA = -1, lastB = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const p = row + x;
      const r0 = region[p];
      for (let k = 0; k < 2; k++) {
        if (k === 0 ? x === w - 1 : y === h - 1) continue;
        const r1 = region[k === 0 ? p + 1 : p + w];
        if (r1 === r0) continue;
        const a = Math.min(r0, r1), b = Math.max(r0, r1);
        if (a === lastA && b === lastB) continue; // a run along a border: once is enough
        pa[m] = lastA = a;
        pb[m++] = lastB = b;
      }
    }
  }
  const [edgeA, edgeB] = uniquePairs(pa, pb, m, count);
  return { edgeA, edgeB };
}

/**
 * Region fusion (EDISON's TransitiveClosure): adjacent regions whose mean modes are closer than
 * hr are joined, transitively; repeated with updated means, at most 5 passes. Collapses the
 * regions in place into the fused ones.
 */
function fuseRegions(r: MeanShiftRegions): void {
  // Initial region -> current one; the pixels are relabelled once at the end.
  let map: Int32Array | null = null;
  for (let pass = 0; pass < 5; pass++) {
    const k = r.regionCount;
    const parent = identityForest(k);
    const { sumColour: s, area, edgeA, edgeB } = r;
    let merged = 0;
    for (let e = 0; e < edgeA.length; e++) {
      const a = edgeA[e], b = edgeB[e];
      const na = area[a], nb = area[b];
      const d0 = s[a * 3] / na - s[b * 3] / nb;
      const d1 = s[a * 3 + 1] / na - s[b * 3 + 1] / nb;
      const d2 = s[a * 3 + 2] / na - s[b * 3 + 2] / nb;
      if (d0 * d0 + d1 * d1 + d2 * d2 < 1) {
        const ra = findRoot(parent, a), rb = findRoot(parent, b);
        if (ra !== rb) {
          parent[Math.max(ra, rb)] = Math.min(ra, rb);
          merged++;
        }
      }
    }
    if (merged === 0) break;
    map = compose(map, collapse(r, parent));
  }
  if (map) r.region = relabel(r.region, map);
}

/** a then b, as one map (a null: identity). */
function compose(a: Int32Array | null, b: Int32Array): Int32Array {
  if (!a) return b;
  for (let i = 0; i < a.length; i++) a[i] = b[a[i]];
  return a;
}

/** Pixel -> region through `map`, as a new array. */
function relabel(region: Int32Array, map: Int32Array): Int32Array {
  const out = new Int32Array(region.length);
  for (let p = 0; p < region.length; p++) out[p] = map[region[p]];
  return out;
}

/**
 * Replaces regions by their union-find roots, renumbered 0..K-1, summing colour and area.
 * Leaves `r.region` as it is and returns the old -> new numbering for the caller to apply.
 */
function collapse(r: MeanShiftRegions, parent: Int32Array): Int32Array {
  const k = r.regionCount;
  const id = new Int32Array(k).fill(-1);
  let next = 0;
  for (let i = 0; i < k; i++) {
    const root = findRoot(parent, i);
    if (id[root] === -1) id[root] = next++;
    id[i] = id[root];
  }
  const sum = new Float64Array(next * 3);
  const area = new Float64Array(next);
  for (let i = 0; i < k; i++) {
    const j = id[i];
    sum[j * 3] += r.sumColour[i * 3];
    sum[j * 3 + 1] += r.sumColour[i * 3 + 1];
    sum[j * 3 + 2] += r.sumColour[i * 3 + 2];
    area[j] += r.area[i];
  }
  const pa = new Int32Array(r.edgeA.length);
  const pb = new Int32Array(r.edgeA.length);
  let m = 0;
  for (let e = 0; e < r.edgeA.length; e++) {
    const a = id[r.edgeA[e]], b = id[r.edgeB[e]];
    if (a === b) continue;
    pa[m] = Math.min(a, b);
    pb[m++] = Math.max(a, b);
  }
  r.regionCount = next;
  r.sumColour = sum;
  r.area = area;
  [r.edgeA, r.edgeB] = uniquePairs(pa, pb, m, next);
  return id;
}

/**
 * The distinct pairs among the first m of (pa, pb) (a < b < count), in ascending (a, b)
 * order: two stable counting sorts (by b, then by a), then adjacent duplicates dropped.
 * Reorders pa and pb.
 */
function uniquePairs(pa: Int32Array, pb: Int32Array, m: number, count: number): [Int32Array, Int32Array] {
  const ta = new Int32Array(m);
  const tb = new Int32Array(m);
  countingSort(pb, pa, m, count, tb, ta);
  countingSort(ta, tb, m, count, pa, pb);
  let u = 0;
  for (let i = 0; i < m; i++) {
    if (i > 0 && pa[i] === pa[i - 1] && pb[i] === pb[i - 1]) continue;
    pa[u] = pa[i];
    pb[u++] = pb[i];
  }
  return [pa.slice(0, u), pb.slice(0, u)];
}

/** Stable counting sort of the first m (key, other) pairs by key in [0, count), into the outputs. */
function countingSort(
  key: Int32Array, other: Int32Array, m: number, count: number, keyOut: Int32Array, otherOut: Int32Array,
): void {
  const at = new Int32Array(count + 1);
  for (let i = 0; i < m; i++) at[key[i] + 1]++;
  for (let v = 0; v < count; v++) at[v + 1] += at[v];
  for (let i = 0; i < m; i++) {
    const j = at[key[i]]++;
    keyOut[j] = key[i];
    otherOut[j] = other[i];
  }
}

/**
 * Small-region elimination (EDISON's Prune): every region under minArea joins the adjacent
 * region with the closest mean mode, repeated until none is left (or one region remains).
 * Does not modify `regions`.
 */
export function meanShiftMerge(regions: MeanShiftRegions, minArea: number, ctx: RunContext = {}): LabelMap {
  const r: MeanShiftRegions = {
    ...regions,
    sumColour: regions.sumColour.slice(),
    area: regions.area.slice(),
  };
  let map: Int32Array | null = null;
  for (;;) {
    throwIfAborted(ctx.signal);
    const k = r.regionCount;
    if (k <= 1) break;
    const best = new Int32Array(k).fill(-1);
    const bestD = new Float64Array(k).fill(Infinity);
    let small = 0;
    for (let i = 0; i < k; i++) if (r.area[i] < minArea) small++;
    if (small === 0) break;
    const { sumColour: s, area } = r;
    for (let e = 0; e < r.edgeA.length; e++) {
      const a = r.edgeA[e], b = r.edgeB[e];
      const smallA = area[a] < minArea, smallB = area[b] < minArea;
      if (!smallA && !smallB) continue;
      const d0 = s[a * 3] / area[a] - s[b * 3] / area[b];
      const d1 = s[a * 3 + 1] / area[a] - s[b * 3 + 1] / area[b];
      const d2 = s[a * 3 + 2] / area[a] - s[b * 3 + 2] / area[b];
      const d = d0 * d0 + d1 * d1 + d2 * d2;
      if (smallA && d < bestD[a]) { bestD[a] = d; best[a] = b; }
      if (smallB && d < bestD[b]) { bestD[b] = d; best[b] = a; }
    }
    const parent = identityForest(k);
    let merged = 0;
    for (let i = 0; i < k; i++) {
      if (best[i] === -1) continue;
      const ra = findRoot(parent, i), rb = findRoot(parent, best[i]);
      if (ra !== rb) {
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
        merged++;
      }
    }
    if (merged === 0) break;
    map = compose(map, collapse(r, parent));
  }
  if (map) r.region = relabel(r.region, map);
  const { labels } = connectedComponents(r.region, r.width, r.height, 4);
  return { width: r.width, height: r.height, labels };
}
