/**
 * Agreement between two partitions of the same pixels, from their contingency table n_uv:
 * Rand index (the fraction of pixel pairs both put together or both apart) and covering of
 * `reference` by `segmentation` (BSDS500's region covering for one ground truth).
 */
export function contingency(a: Int32Array, b: Int32Array): { table: Map<number, number>; rows: Map<number, number>; cols: Map<number, number>; bSpan: number } {
  if (a.length !== b.length) throw new RangeError(`partitions differ in size: ${a.length} vs ${b.length}`);
  let bMax = 0;
  for (let i = 0; i < b.length; i++) if (b[i] > bMax) bMax = b[i];
  const bSpan = bMax + 1;
  const table = new Map<number, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = a[i] * bSpan + b[i];
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  return { table, rows, cols, bSpan };
}

export function randIndex(a: Int32Array, b: Int32Array): number {
  const n = a.length;
  if (n < 2) return 1;
  const { table, rows, cols } = contingency(a, b);
  let sumA = 0, sumB = 0, sumN = 0;
  for (const v of rows.values()) sumA += v * v;
  for (const v of cols.values()) sumB += v * v;
  for (const v of table.values()) sumN += v * v;
  return 1 - (sumA / 2 + sumB / 2 - sumN) / ((n * (n - 1)) / 2);
}

/** Sum over regions R of `reference` of |R| * max IoU(R, R'), over the pixel count. */
export function covering(segmentation: Int32Array, reference: Int32Array): number {
  const { table, rows, cols, bSpan } = contingency(segmentation, reference);
  const best = new Map<number, number>();
  for (const [key, inter] of table) {
    const s = Math.floor(key / bSpan);
    const r = key - s * bSpan;
    const iou = inter / (rows.get(s)! + cols.get(r)! - inter);
    if (iou > (best.get(r) ?? 0)) best.set(r, iou);
  }
  let acc = 0;
  for (const [r, size] of cols) acc += size * (best.get(r) ?? 0);
  return acc / reference.length;
}
