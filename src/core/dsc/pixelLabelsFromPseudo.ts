/**
 * Superpixel ids in the order of their first pixel (row-major): [M]. Computed once per run, so
 * that pixelLabelsFromPseudo can number the partition's regions without a per-pixel lookup table.
 */
export function firstAppearanceOrder(superpixelIds: Int32Array, m: number): Int32Array {
  const seen = new Uint8Array(m);
  const order = new Int32Array(m);
  let n = 0;
  for (let i = 0; i < superpixelIds.length && n < m; i++) {
    const s = superpixelIds[i];
    if (!seen[s]) {
      seen[s] = 1;
      order[n++] = s;
    }
  }
  return n === m ? order : order.subarray(0, n);
}

/**
 * The pixel label map of Eq. 4's pseudo-labels c* [M] (pixel i gets c*[superpixel of i]), its
 * labels numbered 0..count-1 in order of first appearance: the same result as
 * relabelByFirstAppearance of the pixel labels, but the numbering is decided per superpixel (a
 * label first appears with the first superpixel, in `order`, that carries it), leaving one
 * array read per pixel. Run every iteration on the CPU, so it sits on the loop's critical path.
 */
export function pixelLabelsFromPseudo(
  superpixelIds: Int32Array,
  order: Int32Array,
  pseudo: ArrayLike<number>,
): { labels: Int32Array; count: number } {
  const m = pseudo.length;
  const remap = new Map<number, number>();
  const bySuperpixel = new Int32Array(m);
  for (const s of order) {
    const v = pseudo[s];
    let id = remap.get(v);
    if (id === undefined) {
      id = remap.size;
      remap.set(v, id);
    }
    bySuperpixel[s] = id;
  }
  const labels = new Int32Array(superpixelIds.length);
  for (let i = 0; i < labels.length; i++) labels[i] = bySuperpixel[superpixelIds[i]];
  return { labels, count: remap.size };
}
