import type { LabelMap } from '../image/LabelMap';
import { assertRgbaImage, type RgbaImage } from '../image/RgbaImage';
import { felzenszwalbGraphWasm } from './felzenszwalbGraphWasm';
import { felzenszwalbMergeWasm } from './felzenszwalbMergeWasm';
import { gaussianBlurRgba } from './gaussianBlur';
import { readNumber, rejectUnknown } from './options';
import { sortByNonNegativeFloat32 } from './radixSort';
import { throwIfAborted, type RunContext } from './runContext';

/**
 * Felzenszwalb-Huttenlocher options; names and meanings follow scikit-image 0.19's
 * `felzenszwalb(image, scale, sigma, min_size)`.
 */
export interface FelzenszwalbOptions {
  /** `scale`, the paper's k: threshold function tau(C) = k / |C| on 0-255 RGB. Higher gives larger segments. @default 1 */
  scale?: number;
  /** `sigma`: Gaussian smoothing before the graph is built, in pixels. @default 0.8 */
  sigma?: number;
  /** `min_size`: segments smaller than this are merged into a neighbour afterwards. @default 20 */
  minSize?: number;
}

export const FELZENSZWALB_DEFAULTS: Required<FelzenszwalbOptions> = { scale: 1, sigma: 0.8, minSize: 20 };

export function validateFelzenszwalbOptions(options: FelzenszwalbOptions = {}): Required<FelzenszwalbOptions> {
  const a = 'felzenszwalb';
  rejectUnknown(a, options, Object.keys(FELZENSZWALB_DEFAULTS));
  const d = FELZENSZWALB_DEFAULTS;
  return {
    scale: readNumber(a, options, 'scale', d.scale, { min: 0, max: 1e9 }),
    sigma: readNumber(a, options, 'sigma', d.sigma, { min: 0, max: 50 }),
    minSize: readNumber(a, options, 'minSize', d.minSize, { min: 0, max: 1e9, integer: true }),
  };
}

/** The sorted 8-neighbour graph, built once and segmented at any scale. */
export interface FelzenszwalbGraph {
  width: number;
  height: number;
  /** Edge weights, ascending. */
  weight: Float32Array;
  /** Per edge, 4 * pixel + direction (0 right, 1 down, 2 down-right, 3 up-right). */
  edge: Int32Array;
  /** Pixel offset of each direction. */
  offset: Int32Array;
}

/**
 * Which implementation runs: 'auto' takes WebAssembly where available (the blur and edge
 * weights only for Gaussian radius 3, sigma in [0.625, 0.875)), else JavaScript; 'js' and
 * 'wasm' force one ('wasm' throws where unavailable). Both give the same graph and labels.
 */
export type FelzenszwalbKernel = 'auto' | 'js' | 'wasm';

/** Smooths, builds the 8-neighbour graph with Euclidean RGB weights and sorts it. */
export function felzenszwalbGraph(image: RgbaImage, sigma: number, ctx: RunContext = {}, kernel: FelzenszwalbKernel = 'auto'): FelzenszwalbGraph {
  assertRgbaImage(image);
  const { width: w, height: h } = image;
  const offset = Int32Array.from([1, w, w + 1, 1 - w]);
  let graph = kernel === 'js' ? null : felzenszwalbGraphWasm(image.data, w, h, sigma);
  if (!graph) {
    if (kernel === 'wasm') throw new Error('felzenszwalb: the WebAssembly graph kernel is not available here (it needs sigma in [0.625, 0.875))');
    const rgb = gaussianBlurRgba(image.data, w, h, sigma);
    throwIfAborted(ctx.signal);
    graph = edgeWeights(rgb, w, h);
  }
  throwIfAborted(ctx.signal);
  const { weight, edge } = graph;
  sortByNonNegativeFloat32(weight, edge, kernel);
  return { width: w, height: h, weight, edge, offset };
}

/**
 * The 8-neighbour edges with Euclidean RGB weights, in groups in scikit-image's order (right,
 * down, down-right, up-right), so that the stable sort breaks ties as a stable sort of its edge
 * list would. A function of its own so the JIT optimises the loop in isolation.
 */
function edgeWeights(rgb: Float64Array, w: number, h: number): { weight: Float32Array; edge: Int32Array } {
  // Group g starts at start[g]; within a group, edges in raster order of their first pixel.
  const start = [0, (w - 1) * h, (w - 1) * h + w * (h - 1), (w - 1) * h + w * (h - 1) + (w - 1) * (h - 1)];
  const m = start[3] + (w - 1) * (h - 1);
  const weight = new Float32Array(m);
  const edge = new Int32Array(m);
  const w3 = 3 * w;
  // One pass over the pixels, each reading its colour once for its (up to) four edges.
  let e0 = start[0], e1 = start[1], e2 = start[2], e3 = start[3];
  for (let y = 0; y < h; y++) {
    for (let x = 0, p = y * w, i = 3 * p; x < w; x++, p++, i += 3) {
      const r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
      const right = x < w - 1, down = y < h - 1;
      if (right) {
        weight[e0] = distance(r, g, b, rgb, i + 3);
        edge[e0++] = p * 4;
      }
      if (down) {
        weight[e1] = distance(r, g, b, rgb, i + w3);
        edge[e1++] = p * 4 + 1;
      }
      if (right && down) {
        weight[e2] = distance(r, g, b, rgb, i + w3 + 3);
        edge[e2++] = p * 4 + 2;
      }
      if (right && y > 0) {
        weight[e3] = distance(r, g, b, rgb, i - w3 + 3);
        edge[e3++] = p * 4 + 3;
      }
    }
  }
  return { weight, edge };
}

/** Euclidean distance between (r, g, b) and the colour at rgb[j]. */
function distance(r: number, g: number, b: number, rgb: Float64Array, j: number): number {
  const d0 = r - rgb[j], d1 = g - rgb[j + 1], d2 = b - rgb[j + 2];
  return Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
}

/**
 * Felzenszwalb-Huttenlocher graph-based segmentation (IJCV 2004). Output labels 0..M-1, each
 * segment 8-connected (segments grow along 8-neighbour edges).
 */
export function felzenszwalb(image: RgbaImage, options: FelzenszwalbOptions = {}, ctx: RunContext = {}): LabelMap {
  const o = validateFelzenszwalbOptions(options);
  const graph = felzenszwalbGraph(image, o.sigma, ctx);
  ctx.onProgress?.(0.6);
  const out = felzenszwalbSegment(graph, o.scale, o.minSize, ctx);
  ctx.onProgress?.(1);
  return out;
}

export function felzenszwalbSegment(g: FelzenszwalbGraph, scale: number, minSize: number, ctx: RunContext = {}, kernel: FelzenszwalbKernel = 'auto'): LabelMap {
  const { width: w, height: h, edge } = g;
  const n = w * h;
  if (kernel !== 'js') {
    const labels = felzenszwalbMergeWasm(n, g.weight, edge, g.offset, scale, roundUpToFloat32(scale), minSize);
    throwIfAborted(ctx.signal);
    if (labels) return { width: w, height: h, labels };
    if (kernel === 'wasm') throw new Error('felzenszwalb: the WebAssembly kernel is not available here');
  }
  // Union-find forest: a pixel's parent, or at a root minus the component's size (so a join
  // finds both sizes in the lines it has just read).
  const forest = new Int32Array(n).fill(-1);
  // Edges left between two components, in order, with a component below minSize on one side
  // when they were left: the only candidates for the min_size pass.
  const between = new Int32Array(edge.length);
  const nb = mergePass(g, scale, minSize, forest, between);
  throwIfAborted(ctx.signal);
  if (minSize > 1) minSizePass(between, nb, g.offset, minSize, forest);
  // Components grow along 8-neighbour edges, so each is 8-connected already: number the roots
  // in order of first appearance.
  const id = new Int32Array(n).fill(-1);
  const labels = new Int32Array(n);
  let next = 0;
  for (let p = 0; p < n; p++) {
    const r = root(forest, p);
    if (id[r] === -1) id[r] = next++;
    labels[p] = id[r];
  }
  return { width: w, height: h, labels };
}

/**
 * The sorted edges in order: an edge joins its two components when it is no larger than
 * MInt(C1, C2) = min(Int(C) + k/|C|) (Eq. 4, 5). Returns how many edges it left in `between`:
 * only those with a component smaller than minSize on one side, since sizes only grow and
 * minSizePass skips an edge between two components of at least minSize.
 * Functions of their own so the JIT optimises each hot loop in isolation.
 */
function mergePass(g: FelzenszwalbGraph, scale: number, minSize: number, forest: Int32Array, between: Int32Array): number {
  const { weight, edge, offset } = g;
  const m = edge.length;
  // tau(C) = Int(C) + k/|C| per root, kept up to date at each join instead of a division per
  // edge; Int(C) is the largest MST weight inside C (Eq. 1), 0 for a single pixel. Stored
  // rounded up to float32: for a float32 weight, wt < tau exactly when wt < tau rounded up,
  // and the table takes half the cache a double one would.
  const threshold = new Float32Array(forest.length).fill(roundUpToFloat32(scale));
  let nb = 0;
  for (let e = 0; e < m; e++) {
    const pe = edge[e];
    const pa = pe >> 2;
    const r0 = root(forest, pa);
    const r1 = root(forest, pa + offset[pe & 3]);
    if (r0 === r1) continue;
    const wt = weight[e];
    if (wt < threshold[r0] && wt < threshold[r1]) {
      const r = join(forest, r0, r1);
      threshold[r] = roundUpToFloat32(wt - scale / forest[r]); // edges come in ascending order: wt is the new Int(C)
    } else if (-forest[r0] < minSize || -forest[r1] < minSize) {
      between[nb++] = pe;
    }
  }
  return nb;
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The smallest float32 at or above a non-negative finite v. */
function roundUpToFloat32(v: number): number {
  scratch[0] = v;
  if (scratch[0] < v) scratchBits[0]++;
  return scratch[0];
}

/** Post-processing: join components below min_size along the sorted edges left over. */
function minSizePass(between: Int32Array, nb: number, offset: Int32Array, minSize: number, forest: Int32Array): void {
  for (let e = 0; e < nb; e++) {
    const pe = between[e];
    const pa = pe >> 2;
    const r0 = root(forest, pa);
    const r1 = root(forest, pa + offset[pe & 3]);
    if (r0 === r1) continue;
    if (-forest[r0] < minSize || -forest[r1] < minSize) join(forest, r0, r1);
  }
}

/** Root of pixel i, with path halving. */
function root(forest: Int32Array, i: number): number {
  for (;;) {
    const p = forest[i];
    if (p < 0) return i;
    const g = forest[p];
    if (g < 0) return p;
    forest[i] = g;
    i = g;
  }
}

/** Union by size of two roots; returns the surviving root. */
function join(forest: Int32Array, r0: number, r1: number): number {
  const s0 = -forest[r0], s1 = -forest[r1];
  if (s0 < s1) {
    forest[r0] = r1;
    forest[r1] = -(s0 + s1);
    return r1;
  }
  forest[r1] = r0;
  forest[r0] = -(s0 + s1);
  return r0;
}
