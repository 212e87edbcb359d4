/**
 * The contingency table n_uv of two partitions of the same pixels (u: a label of the
 * segmentation, v: a label of the ground truth), stored sparsely: only non-zero cells.
 * Every region score of the BSDS500 benchmark (covering, Rand index, VI) is a function of it.
 */
import type { LabelMap } from '../image/LabelMap';

export interface Contingency {
  /** Number of segmentation labels (rows), i.e. largest label + 1. */
  readonly rows: number;
  /** Number of ground-truth labels (columns). */
  readonly cols: number;
  /** a_u: pixels per segmentation label. */
  readonly rowSums: Float64Array;
  /** b_v: pixels per ground-truth label. */
  readonly colSums: Float64Array;
  /** N: pixels in all. */
  readonly total: number;
  /** Non-zero cells: row u[i], column v[i], count n[i]; sorted by row, then column. */
  readonly u: Int32Array;
  readonly v: Int32Array;
  readonly n: Float64Array;
}

/** Largest label + 1, checking that labels are non-negative integers. */
export function labelCount(map: LabelMap, what: string): number {
  const { labels } = map;
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l < 0) throw new RangeError(`${what}: negative label ${l} at pixel ${i}`);
    if (l > max) max = l;
  }
  return max + 1;
}

/**
 * Accumulates counts[i] (1 when counts is null) into cell (rowOf[i], colOf[i]), in O(length + rows +
 * cols): a counting sort by row, then one pass per row over a column scratch array. The output
 * order depends only on the cells, so equal partitions give bit-identical scores.
 */
function accumulate(
  rows: number,
  cols: number,
  rowOf: Int32Array,
  colOf: Int32Array,
  counts: Float64Array | null,
): Contingency {
  const length = rowOf.length;
  const rowSums = new Float64Array(rows);
  const colSums = new Float64Array(cols);
  const start = new Int32Array(rows + 1);
  for (let i = 0; i < length; i++) start[rowOf[i] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const order = new Int32Array(length);
  const fill = start.slice(0, rows);
  for (let i = 0; i < length; i++) order[fill[rowOf[i]]++] = i;

  const scratch = new Float64Array(cols);
  const touched = new Int32Array(cols);
  let total = 0;
  // At most one cell per input entry.
  const outU = new Int32Array(length);
  const outV = new Int32Array(length);
  const outN = new Float64Array(length);
  let nnz = 0;
  for (let r = 0; r < rows; r++) {
    let t = 0;
    for (let j = start[r]; j < start[r + 1]; j++) {
      const i = order[j];
      const c = colOf[i];
      const k = counts === null ? 1 : counts[i];
      if (scratch[c] === 0) touched[t++] = c;
      scratch[c] += k;
    }
    const cs = touched.subarray(0, t).sort();
    let sum = 0;
    for (let q = 0; q < t; q++) {
      const c = cs[q];
      const k = scratch[c];
      scratch[c] = 0;
      outU[nnz] = r;
      outV[nnz] = c;
      outN[nnz++] = k;
      colSums[c] += k;
      sum += k;
    }
    rowSums[r] = sum;
    total += sum;
  }
  return {
    rows,
    cols,
    rowSums,
    colSums,
    total,
    u: outU.slice(0, nnz),
    v: outV.slice(0, nnz),
    n: outN.slice(0, nnz),
  };
}

/**
 * The contingency table of segmentation `seg` (rows) against ground truth `gt` (columns).
 * Labels are 0-based; a label that does not occur gives an empty row or column.
 */
export function contingency(seg: LabelMap, gt: LabelMap, what = 'segmentation'): Contingency {
  if (seg.width !== gt.width || seg.height !== gt.height) {
    throw new RangeError(
      `${what}: size ${seg.width}x${seg.height} does not match the ground truth's ${gt.width}x${gt.height}`,
    );
  }
  const rows = labelCount(seg, what);
  const cols = labelCount(gt, 'ground truth');
  return accumulate(rows, cols, seg.labels, gt.labels, null);
}

/**
 * Merges the rows of `table`: row u goes to row rowMap[u] of a table with `rows` rows. This is
 * how a coarser segmentation made of unions of the regions of a finer one gets its table without
 * going back to the pixels.
 */
export function mergeRows(table: Contingency, rowMap: Int32Array, rows: number): Contingency {
  if (rowMap.length !== table.rows) {
    throw new RangeError(`mergeRows: rowMap has ${rowMap.length} entries for ${table.rows} rows`);
  }
  const { u, v, n } = table;
  const rowOf = new Int32Array(u.length);
  for (let i = 0; i < u.length; i++) rowOf[i] = rowMap[u[i]];
  return accumulate(rows, table.cols, rowOf, v, n);
}
