import type { LabelMap } from '../image/LabelMap';
import { assertRgbaImage, type RgbaImage } from '../image/RgbaImage';
import { rgbaToLab, rgbRange } from './colour';
import { connectedComponents } from './connectivity';
import { gaussianBlur3 } from './gaussianBlur';
import { readBoolean, readNumber, rejectUnknown } from './options';
import { createSlicWasmKernel, type SlicWasmKernel } from './slicAssignWasm';
import { throwIfAborted, type RunContext } from './runContext';

/**
 * SLIC options; names and meanings follow scikit-image 0.19's `slic` (snake_case there).
 */
export interface SlicOptions {
  /** `n_segments`: approximate number of superpixels (grid seeds). @default 100 */
  nSegments?: number;
  /** `compactness` m: weight of space against colour; higher gives squarer cells. @default 10 */
  compactness?: number;
  /** `max_num_iter`: k-means iterations (SLIC runs them all). @default 10 */
  maxNumIter?: number;
  /** `sigma`: Gaussian pre-smoothing of the Lab image, in pixels; 0 = none. @default 0 */
  sigma?: number;
  /** `enforce_connectivity`: merge fragments smaller than `minSizeFactor` cells. @default true */
  enforceConnectivity?: boolean;
  /** `min_size_factor`: fragments below this fraction of N / nSeeds are merged. @default 0.5 */
  minSizeFactor?: number;
  /** `max_size_factor`: a connected piece grows to at most this many N / nSeeds. @default 3 */
  maxSizeFactor?: number;
  /** `slic_zero`: SLICO, the colour distance normalised per cluster by its largest. @default false */
  slicZero?: boolean;
  /**
   * Reproduce scikit-image 0.19's own choices instead of the paper's: seeds stay on the grid
   * with colour 0 (the first assignment is then mostly spatial), the search window is 4S x 4S,
   * and a cluster that empties is dropped. For comparisons with scikit-image. @default false
   */
  skimageCompat?: boolean;
}

export const SLIC_DEFAULTS: Required<SlicOptions> = {
  nSegments: 100,
  compactness: 10,
  maxNumIter: 10,
  sigma: 0,
  enforceConnectivity: true,
  minSizeFactor: 0.5,
  maxSizeFactor: 3,
  slicZero: false,
  skimageCompat: false,
};

const KNOWN = Object.keys(SLIC_DEFAULTS);

export function validateSlicOptions(options: SlicOptions = {}): Required<SlicOptions> {
  const a = 'slic';
  rejectUnknown(a, options, KNOWN);
  const d = SLIC_DEFAULTS;
  return {
    nSegments: readNumber(a, options, 'nSegments', d.nSegments, { min: 1, max: 1e7, integer: true }),
    compactness: readNumber(a, options, 'compactness', d.compactness, { min: 0, max: 1e6, minExclusive: true }),
    maxNumIter: readNumber(a, options, 'maxNumIter', d.maxNumIter, { min: 1, max: 100, integer: true }),
    sigma: readNumber(a, options, 'sigma', d.sigma, { min: 0, max: 50 }),
    enforceConnectivity: readBoolean(a, options, 'enforceConnectivity', d.enforceConnectivity),
    minSizeFactor: readNumber(a, options, 'minSizeFactor', d.minSizeFactor, { min: 0, max: 100 }),
    maxSizeFactor: readNumber(a, options, 'maxSizeFactor', d.maxSizeFactor, { min: 0, max: 1e6, minExclusive: true }),
    slicZero: readBoolean(a, options, 'slicZero', d.slicZero),
    skimageCompat: readBoolean(a, options, 'skimageCompat', d.skimageCompat),
  };
}

/** The image in Lab, scaled by 1 / compactness later; computed once for repeated runs. */
export interface SlicInput {
  width: number;
  height: number;
  /** Interleaved L, a, b (after optional smoothing), length 3N. */
  lab: Float64Array;
  sigma: number;
}

export function prepareSlic(image: RgbaImage, sigma: number): SlicInput {
  assertRgbaImage(image);
  const { width, height } = image;
  // scikit-image rescales the RGB values to [0, 1] by their min and max before Lab.
  const lab = rgbaToLab(image.data, rgbRange(image.data));
  gaussianBlur3(lab, width, height, sigma);
  return { width, height, lab, sigma };
}

/**
 * SLIC superpixels (Achanta et al., TPAMI 2012). Output labels 0..M-1, each superpixel
 * 4-connected.
 */
export function slic(image: RgbaImage, options: SlicOptions = {}, ctx: RunContext = {}): LabelMap {
  const o = validateSlicOptions(options);
  return slicPrepared(prepareSlic(image, o.sigma), o, ctx);
}

/** Grid steps as scikit-image's `regular_grid` places nSegments seeds on an H x W image. */
export function slicGrid(width: number, height: number, nSegments: number): { startY: number; stepY: number; startX: number; stepX: number } {
  if (width * height <= nSegments) return { startY: 0, stepY: 1, startX: 0, stepX: 1 };
  // regular_grid on shape (1, H, W): the depth axis takes step 1, the rest share the area.
  const small = Math.min(width, height);
  const large = Math.max(width, height);
  let sSmall = Math.sqrt((width * height) / nSegments);
  let sLarge = sSmall;
  if (small < sSmall) {
    sSmall = small;
    sLarge = large / nSegments;
  }
  const round = (v: number) => {
    // numpy rounds half to even
    const f = Math.floor(v);
    const r = v - f;
    if (r > 0.5) return f + 1;
    if (r < 0.5) return f;
    return f % 2 === 0 ? f : f + 1;
  };
  const stepSmall = Math.max(1, round(sSmall));
  const stepLarge = Math.max(1, round(sLarge));
  const startSmall = Math.floor(sSmall / 2);
  const startLarge = Math.floor(sLarge / 2);
  return height <= width
    ? { startY: startSmall, stepY: stepSmall, startX: startLarge, stepX: stepLarge }
    : { startY: startLarge, stepY: stepLarge, startX: startSmall, stepX: stepSmall };
}

export function slicPrepared(input: SlicInput, o: Required<SlicOptions>, ctx: RunContext = {}): LabelMap {
  const clusters = slicCluster(input, o, ctx);
  const out = slicConnect(clusters, o);
  ctx.onProgress?.(1);
  return out;
}

/** k-means assignment before connectivity enforcement, and the number of seeds it started from. */
export interface SlicClusters {
  width: number;
  height: number;
  labels: Int32Array;
  seeds: number;
}

/**
 * Which implementation of the assignment step runs: 'auto' takes WebAssembly SIMD where
 * available, else JavaScript; 'js' and 'wasm' force one ('wasm' throws where unavailable).
 * Both give the same labels bit for bit.
 */
export type SlicKernel = 'auto' | 'js' | 'wasm';

export function slicCluster(input: SlicInput, o: Required<SlicOptions>, ctx: RunContext = {}, kernel: SlicKernel = 'auto'): SlicClusters {
  const { width: w, height: h, lab } = input;
  const n = w * h;
  const { startY, stepY, startX, stepX } = slicGrid(w, h, o.nSegments);
  const step = Math.max(stepY, stepX);

  // Seeds on the grid, each moved to the lowest Lab gradient in its 3x3 neighbourhood.
  const ky = Math.max(0, Math.ceil((h - startY) / stepY));
  const kx = Math.max(0, Math.ceil((w - startX) / stepX));
  const k = ky * kx;
  const cy = new Float64Array(k);
  const cx = new Float64Array(k);
  const cL = new Float64Array(k);
  const cA = new Float64Array(k);
  const cB = new Float64Array(k);
  const grad = (x: number, y: number) => {
    if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) return Infinity;
    let g = 0;
    for (let c = 0; c < 3; c++) {
      const dx = lab[(y * w + x + 1) * 3 + c] - lab[(y * w + x - 1) * 3 + c];
      const dy = lab[((y + 1) * w + x) * 3 + c] - lab[((y - 1) * w + x) * 3 + c];
      g += dx * dx + dy * dy;
    }
    return g;
  };
  let s = 0;
  for (let gy = 0; gy < ky; gy++) {
    for (let gx = 0; gx < kx; gx++, s++) {
      let by = startY + gy * stepY;
      let bx = startX + gx * stepX;
      if (step > 2 && !o.skimageCompat) {
        let best = grad(bx, by);
        const y0 = by;
        const x0 = bx;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const g = grad(x0 + dx, y0 + dy);
            if (g < best) {
              best = g;
              by = y0 + dy;
              bx = x0 + dx;
            }
          }
        }
      }
      cy[s] = by;
      cx[s] = bx;
      if (!o.skimageCompat) {
        const p = (by * w + bx) * 3;
        cL[s] = lab[p];
        cA[s] = lab[p + 1];
        cB[s] = lab[p + 2];
      }
    }
  }

  // Distance D = d_lab^2 / m^2 + d_xy^2 / S^2 (the paper's D squared and divided by m^2, as
  // scikit-image scales it), searched in a 2S x 2S window around each centre.
  const invM2 = 1 / (o.compactness * o.compactness);
  const invS2 = 1 / (step * step);
  const labels = new Int32Array(n);
  const maxColour = new Float64Array(k).fill(1);
  const sumY = new Float64Array(k);
  const sumX = new Float64Array(k);
  const sumL = new Float64Array(k);
  const sumA = new Float64Array(k);
  const sumB = new Float64Array(k);
  const cnt = new Int32Array(k);
  const alive = new Uint8Array(k).fill(1);
  const colourScale = new Float64Array(k);
  const reach = o.skimageCompat ? 2 * step : step;
  const wasm = kernel === 'js' ? null : createSlicWasmKernel(lab, w, h, k);
  if (kernel === 'wasm' && !wasm) throw new Error('slic: the WebAssembly SIMD kernel is not available here');
  for (let iter = 0; iter < o.maxNumIter; iter++) {
    throwIfAborted(ctx.signal);
    for (let c = 0; c < k; c++) colourScale[c] = o.slicZero ? invM2 / maxColour[c] : invM2;
    const centres = { cy, cx, cL, cA, cB };
    const metric = { colourScale, invS2, invM2, reach };
    const sums = { cy: sumY, cx: sumX, cL: sumL, cA: sumA, cB: sumB };
    if (wasm) assignStepWasm(wasm, lab, w, h, centres, alive, metric, labels, sums, cnt);
    else assignStep(lab, w, h, centres, alive, metric, labels, sums, cnt);

    // Update: centres become the mean (x, y, L, a, b) of their pixels.
    for (let c = 0; c < k; c++) {
      const m = cnt[c];
      if (m === 0) {
        // scikit-image divides by zero here and the NaN centre never wins again; the paper's
        // version keeps the centre where it was.
        if (o.skimageCompat) alive[c] = 0;
        continue;
      }
      cy[c] = sumY[c] / m; cx[c] = sumX[c] / m;
      cL[c] = sumL[c] / m; cA[c] = sumA[c] / m; cB[c] = sumB[c] / m;
    }
    if (o.slicZero) {
      for (let p = 0; p < n; p++) {
        const c = labels[p];
        const q = p * 3;
        const dl = lab[q] - cL[c], da = lab[q + 1] - cA[c], db = lab[q + 2] - cB[c];
        const d = (dl * dl + da * da + db * db) * invM2;
        if (d > maxColour[c]) maxColour[c] = d;
      }
    }
    ctx.onProgress?.((iter + 1) / (o.maxNumIter + 1));
  }

  return { width: w, height: h, labels, seeds: k };
}

/**
 * Connectivity enforcement with scikit-image's size rules, then every remaining
 * piece numbered as its own 4-connected superpixel. Cheap: the target-count search repeats it.
 */
export function slicConnect(c: SlicClusters, o: Pick<Required<SlicOptions>, 'enforceConnectivity' | 'minSizeFactor' | 'maxSizeFactor'>): LabelMap {
  const { width: w, height: h, labels, seeds } = c;
  if (o.enforceConnectivity) {
    const segmentSize = (w * h) / seeds;
    const minSize = Math.floor(o.minSizeFactor * segmentSize);
    const maxSize = Math.max(1, Math.floor(o.maxSizeFactor * segmentSize));
    // Pieces come out 4-connected and numbered in order of first appearance already.
    return { width: w, height: h, labels: enforceConnectivity(labels, w, h, minSize, maxSize) };
  }
  return { width: w, height: h, labels: connectedComponents(labels, w, h, 4).labels };
}

interface Centres {
  cy: Float64Array;
  cx: Float64Array;
  cL: Float64Array;
  cA: Float64Array;
  cB: Float64Array;
}

interface Metric {
  /** Per centre, the weight of d_lab^2 (1 / m^2, or SLICO's per-cluster scale). */
  colourScale: Float64Array;
  invS2: number;
  invM2: number;
  /** Half-width of the search window. */
  reach: number;
}

/**
 * Assignment step: each pixel in the window of each centre takes the centre if
 * D = d_lab^2 * colourScale + d_xy^2 / S^2 is its smallest so far; a pixel no window reaches
 * (rare, after centres drift) takes the nearest centre. Then the per-cluster sums of
 * (y, x, L, a, b) and counts for the update step, into `sums` and `cnt`.
 *
 * Row by row, and in each row the centres whose windows cover it in index order: every pixel
 * sees its centres in the same order as window by window (the same labels), a row's distances
 * stay in the L1 cache, and the row is summed while its labels and colours are still there. A
 * function of its own so the JIT optimises this hot loop in isolation.
 */
function assignStep(
  lab: Float64Array, w: number, h: number, centres: Centres, alive: Uint8Array, metric: Metric,
  labels: Int32Array, sums: Centres, cnt: Int32Array,
): void {
  const { cy, cx, cL, cA, cB } = centres;
  const { colourScale, invS2 } = metric;
  const k = cy.length;
  const { wy0, wy1, wx0, wx1 } = windows(w, h, centres, alive, metric.reach);
  const active = new Int32Array(k);
  const dist = new Float64Array(w);
  sums.cy.fill(0); sums.cx.fill(0); sums.cL.fill(0); sums.cA.fill(0); sums.cB.fill(0); cnt.fill(0);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    dist.fill(Infinity);
    let na = 0;
    for (let c = 0; c < k; c++) if (wy0[c] <= y && y <= wy1[c]) active[na++] = c;
    for (let a = 0; a < na; a++) {
      const c = active[a];
      const ccx = cx[c], l0 = cL[c], a0 = cA[c], b0 = cB[c];
      const scale = colourScale[c];
      const dy = y - cy[c];
      const dyy = dy * dy * invS2;
      const x1 = wx1[c];
      let x = wx0[c];
      let q = (row + x) * 3;
      for (; x <= x1; x++, q += 3) {
        const dx = x - ccx;
        const spatial = dx * dx * invS2 + dyy;
        const best = dist[x];
        // The colour term is non-negative: a pixel already closer to another centre than
        // this one is in space alone needs no colour distance.
        if (spatial >= best) continue;
        const dl = lab[q] - l0, da = lab[q + 1] - a0, db = lab[q + 2] - b0;
        const d = (dl * dl + da * da + db * db) * scale + spatial;
        if (d < best) {
          dist[x] = d;
          labels[row + x] = c;
        }
      }
    }
    for (let x = 0; x < w; x++) if (dist[x] === Infinity) labels[row + x] = nearestCentre(lab, x, y, w, centres, alive, metric);
    accumulateRow(lab, y, w, labels, sums, cnt);
  }
}

/** Window bounds per centre (inclusive); a dead centre's window covers no row. */
function windows(w: number, h: number, centres: Centres, alive: Uint8Array, reach: number) {
  const { cy, cx } = centres;
  const k = cy.length;
  const wy0 = new Int32Array(k).fill(h), wy1 = new Int32Array(k).fill(-1);
  const wx0 = new Int32Array(k), wx1 = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    if (!alive[c]) continue;
    wy0[c] = Math.max(0, Math.floor(cy[c] - reach));
    wy1[c] = Math.min(h - 1, Math.ceil(cy[c] + reach));
    wx0[c] = Math.max(0, Math.floor(cx[c] - reach));
    wx1[c] = Math.min(w - 1, Math.ceil(cx[c] + reach));
  }
  return { wy0, wy1, wx0, wx1 };
}

/**
 * assignStep with each row's distances and sums in WebAssembly (slicAssign.wat): the same
 * centres in the same order per row, the same double arithmetic and the same order of
 * additions, so the same labels and sums; pixels no window reached as in assignStep.
 */
function assignStepWasm(
  kernel: SlicWasmKernel, lab: Float64Array, w: number, h: number, centres: Centres, alive: Uint8Array,
  metric: Metric, labels: Int32Array, sums: Centres, cnt: Int32Array,
): void {
  const { cy, cx, cL, cA, cB } = centres;
  const { colourScale, invS2 } = metric;
  const k = cy.length;
  const { wy0, wy1, wx0, wx1 } = windows(w, h, centres, alive, metric.reach);
  const rec = kernel.records;
  const out = kernel.labels;
  const ks = kernel.sums;
  ks.cy.fill(0); ks.cx.fill(0); ks.cL.fill(0); ks.cA.fill(0); ks.cB.fill(0); kernel.counts.fill(0);
  for (let y = 0; y < h; y++) {
    let na = 0;
    for (let c = 0; c < k; c++) {
      if (wy0[c] > y || y > wy1[c]) continue;
      const dy = y - cy[c];
      const r = 9 * na++;
      rec[r] = cx[c];
      rec[r + 1] = dy * dy * invS2;
      rec[r + 2] = cL[c];
      rec[r + 3] = cA[c];
      rec[r + 4] = cB[c];
      rec[r + 5] = colourScale[c];
      rec[r + 6] = wx0[c];
      rec[r + 7] = wx1[c];
      rec[r + 8] = c;
    }
    if (kernel.assignRow(y, na, invS2) > 0) {
      const row = y * w;
      for (let x = 0; x < w; x++) if (out[row + x] === -1) out[row + x] = nearestCentre(lab, x, y, w, centres, alive, metric);
    }
    kernel.accumulateRow(y);
  }
  labels.set(out);
  sums.cy.set(ks.cy); sums.cx.set(ks.cx); sums.cL.set(ks.cL); sums.cA.set(ks.cA); sums.cB.set(ks.cB);
  cnt.set(kernel.counts);
}

/** Row y's contribution to the per-cluster sums, in raster order. */
function accumulateRow(lab: Float64Array, y: number, w: number, labels: Int32Array, sums: Centres, cnt: Int32Array): void {
  const { cy: sumY, cx: sumX, cL: sumL, cA: sumA, cB: sumB } = sums;
  const row = y * w;
  let x = 0;
  while (x < w) {
    // A run of one label: its colour sums carried in locals (the same additions in the same
    // order as pixel by pixel), its integer position sums added once.
    const c = labels[row + x];
    const start = x;
    while (x < w && labels[row + x] === c) x++;
    let l = sumL[c], a = sumA[c], b = sumB[c];
    for (let q = (row + start) * 3, end = (row + x) * 3; q < end; q += 3) {
      l += lab[q];
      a += lab[q + 1];
      b += lab[q + 2];
    }
    const len = x - start;
    sumL[c] = l; sumA[c] = a; sumB[c] = b;
    cnt[c] += len;
    sumY[c] += y * len;
    sumX[c] += ((start + x - 1) * len) / 2;
  }
}

/** The live centre nearest to pixel (x, y) in D with the plain 1 / m^2 colour weight. */
function nearestCentre(lab: Float64Array, x: number, y: number, w: number, centres: Centres, alive: Uint8Array, metric: Metric): number {
  const { cy, cx, cL, cA, cB } = centres;
  const { invM2, invS2 } = metric;
  const q = (y * w + x) * 3;
  let best = Infinity;
  let bestC = 0;
  for (let c = 0; c < cy.length; c++) {
    if (!alive[c]) continue;
    const dl = lab[q] - cL[c], da = lab[q + 1] - cA[c], db = lab[q + 2] - cB[c];
    const dx = x - cx[c], dy = y - cy[c];
    const d = (dl * dl + da * da + db * db) * invM2 + (dx * dx + dy * dy) * invS2;
    if (d < best) {
      best = d;
      bestC = c;
    }
  }
  return bestC;
}

/**
 * scikit-image's `_enforce_label_connectivity_cython`: 4-connected pieces in raster order; a
 * piece smaller than minSize takes the label of the last labelled piece it touches (pieces
 * before it in raster order are final, so the result stays connected); a flood stops at maxSize.
 * Unlike scikit-image, a small first piece with no labelled neighbour keeps its own label.
 */
function enforceConnectivity(labels: Int32Array, w: number, h: number, minSize: number, maxSize: number): Int32Array {
  const n = w * h;
  const out = new Int32Array(n).fill(-1);
  const queue = new Int32Array(Math.min(n, maxSize));
  // Column of each queued pixel, so the fill needs no division.
  const queueX = new Int32Array(queue.length);
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (out[start] !== -1) continue;
    const fill: Fill = { value: labels[start], id: next, adjacent: -1, size: 1 };
    out[start] = fill.id;
    queue[0] = start;
    queueX[0] = start % w;
    let head = 0;
    // Neighbours right, left, down, up; the flood stops as soon as it holds maxSize pixels.
    while (head < fill.size && fill.size < maxSize) {
      const x = queueX[head];
      const p = queue[head++];
      if (x < w - 1 && visit(p + 1, x + 1, labels, out, queue, queueX, fill) >= maxSize) break;
      if (x > 0 && visit(p - 1, x - 1, labels, out, queue, queueX, fill) >= maxSize) break;
      if (p + w < n && visit(p + w, x, labels, out, queue, queueX, fill) >= maxSize) break;
      if (p >= w) visit(p - w, x, labels, out, queue, queueX, fill);
    }
    if (fill.size < minSize && fill.adjacent !== -1) {
      for (let i = 0; i < fill.size; i++) out[queue[i]] = fill.adjacent;
    } else {
      next++;
    }
  }
  return out;
}

/** One flood of enforceConnectivity. */
interface Fill {
  value: number;
  id: number;
  /** The last labelled piece seen touching the flood. */
  adjacent: number;
  size: number;
}

/** Pixel q (column x) seen from the flood: queued when it continues the piece. Returns the size. */
function visit(q: number, x: number, labels: Int32Array, out: Int32Array, queue: Int32Array, queueX: Int32Array, fill: Fill): number {
  const o = out[q];
  if (o === -1) {
    if (labels[q] === fill.value) {
      out[q] = fill.id;
      queue[fill.size] = q;
      queueX[fill.size++] = x;
    }
  } else if (o !== fill.id) {
    fill.adjacent = o;
  }
  return fill.size;
}
