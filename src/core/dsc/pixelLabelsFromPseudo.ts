import { relabelByFirstAppearance } from '../image/LabelMap';

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
  // The superpixels' labels in order of first appearance, numbered as they first appear.
  const { labels: ids, count } = relabelByFirstAppearance(Array.from(order, (s) => pseudo[s]));
  const bySuperpixel = new Int32Array(pseudo.length);
  order.forEach((s, i) => (bySuperpixel[s] = ids[i]));
  const labels = new Int32Array(superpixelIds.length);
  for (let i = 0; i < labels.length; i++) labels[i] = bySuperpixel[superpixelIds[i]];
  return { labels, count };
}
