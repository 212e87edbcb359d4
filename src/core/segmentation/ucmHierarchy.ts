/**
 * The segmentations of an ultrametric contour map (BSDS500 "doubleSize" ucm2, (2H+1)x(2W+1))
 * at increasing thresholds, all from one union-find pass. At threshold t the official benchmark
 * labels the 8-connected components of `ucm2 <= t` and keeps every second row and column
 * starting from the second (MATLAB `bwlabel(ucm2 <= t, 8)` then `labels(2:2:end, 2:2:end)`).
 * A grid element joins the components when t reaches its value, so processing elements in the
 * order of the first threshold they pass gives every threshold's components in one sweep.
 */
import type { LabelMap } from '../image/LabelMap';
import type { Coarsening } from '../metrics/evaluateImage';
import { findRoot } from '../superpixels/unionFind';

/** A real-valued map, row-major. */
export interface UcmMap {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

export interface UcmHierarchy {
  /** The pixel segmentation (H x W) at the lowest threshold, labels 0-based in row-major order of first appearance. */
  readonly base: LabelMap;
  /** Per threshold, the label of each base region; labels in order of first appearance. */
  readonly levels: Coarsening[];
}

/**
 * Segments `ucm` at each of `thresholds` (ascending). Throws when the map is not
 * (2H+1)x(2W+1), when thresholds are not ascending, or when a pixel position (odd row and
 * column, 0-based) exceeds the lowest threshold: the official code would give such pixels
 * label 0, which the benchmark does not score.
 */
export function ucmHierarchy(ucm: UcmMap, thresholds: readonly number[]): UcmHierarchy {
  const W2 = ucm.width;
  const H2 = ucm.height;
  if (W2 < 3 || H2 < 3 || W2 % 2 === 0 || H2 % 2 === 0 || ucm.data.length !== W2 * H2) {
    throw new RangeError(
      `ucm2: expected a (2H+1)x(2W+1) map, got ${H2}x${W2} with ${ucm.data.length} values`,
    );
  }
  const nt = thresholds.length;
  if (nt === 0) throw new RangeError('thresholds: expected at least one');
  for (let k = 1; k < nt; k++) {
    if (!(thresholds[k] >= thresholds[k - 1]))
      throw new RangeError('thresholds: must be ascending');
  }
  const W = (W2 - 1) / 2;
  const H = (H2 - 1) / 2;
  const size = W2 * H2;
  const data = ucm.data;

  // level[e]: index of the first threshold with ucm <= t, nt if none.
  const level = new Int32Array(size);
  const counts = new Int32Array(nt + 2);
  for (let e = 0; e < size; e++) {
    const x = data[e];
    let lo = 0;
    let hi = nt;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x <= thresholds[mid]) hi = mid;
      else lo = mid + 1;
    }
    level[e] = lo;
    counts[lo + 1]++;
  }
  for (let k = 0; k <= nt; k++) counts[k + 1] += counts[k];
  const order = new Int32Array(size);
  const fill = counts.slice(0, nt + 1);
  for (let e = 0; e < size; e++) order[fill[level[e]]++] = e;

  // Pixel (y, x) is grid element (2y+1, 2x+1).
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const e = (2 * y + 1) * W2 + 2 * x + 1;
      if (level[e] !== 0) {
        throw new RangeError(
          `ucm2: pixel position row ${2 * y + 2}, column ${2 * x + 2} has value ${data[e]} above the lowest threshold ${thresholds[0]}`,
        );
      }
    }
  }

  const parent = new Int32Array(size);
  for (let e = 0; e < size; e++) parent[e] = e;
  const rank = new Uint8Array(size);
  let base: LabelMap | null = null;
  let baseElement = new Int32Array(0);
  const levels: Coarsening[] = [];
  const rootLabel = new Int32Array(size).fill(-1);
  for (let k = 0; k < nt; k++) {
    for (let j = counts[k]; j < counts[k + 1]; j++) {
      const e = order[j];
      const y = (e / W2) | 0;
      const x = e - y * W2;
      // 8-connected: join every neighbour already below the threshold.
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= H2) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if ((dx === 0 && dy === 0) || xx < 0 || xx >= W2) continue;
          const n = yy * W2 + xx;
          // Elements of this level come in increasing index order: join each pair once.
          const ln = level[n];
          if (ln < k || (ln === k && n < e)) {
            let ra = findRoot(parent, e);
            let rb = findRoot(parent, n);
            if (ra !== rb) {
              if (rank[ra] < rank[rb]) {
                const tmp = ra;
                ra = rb;
                rb = tmp;
              }
              parent[rb] = ra;
              if (rank[ra] === rank[rb]) rank[ra]++;
            }
          }
        }
      }
    }
    if (base === null) {
      const labels = new Int32Array(W * H);
      const elements: number[] = [];
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const r = findRoot(parent, (2 * y + 1) * W2 + 2 * x + 1);
          if (rootLabel[r] < 0) {
            rootLabel[r] = elements.length;
            elements.push(r);
          }
          labels[y * W + x] = rootLabel[r];
        }
      }
      base = { width: W, height: H, labels };
      baseElement = Int32Array.from(elements);
      for (const r of elements) rootLabel[r] = -1;
    }
    const map = new Int32Array(baseElement.length);
    const roots: number[] = [];
    for (let b = 0; b < baseElement.length; b++) {
      const r = findRoot(parent, baseElement[b]);
      if (rootLabel[r] < 0) {
        rootLabel[r] = roots.length;
        roots.push(r);
      }
      map[b] = rootLabel[r];
    }
    for (const r of roots) rootLabel[r] = -1;
    levels.push({ map, count: roots.length });
  }
  return { base: base as LabelMap, levels };
}
