/**
 * A partition of an image: one integer label per pixel, row-major. Labels produced by this
 * project's algorithms are contiguous, 0..count-1.
 */
export interface LabelMap {
  readonly width: number;
  readonly height: number;
  readonly labels: Int32Array;
}

/** Throws a message naming what is wrong when `map` is not a well-formed label map. */
export function assertLabelMap(map: LabelMap, what = 'label map'): void {
  const { width, height, labels } = map;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`${what}: size must be positive integers, got ${width}x${height}`);
  }
  if (labels.length !== width * height) {
    throw new RangeError(
      `${what}: expected ${width * height} labels for ${width}x${height}, got ${labels.length}`,
    );
  }
}

/** Number of distinct labels. */
export function countLabels(labels: ArrayLike<number>): number {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]);
  return seen.size;
}

/**
 * Renumbers labels 0..n-1 in order of first appearance (row-major), in a new array. Stable
 * numbering keeps colours stable from one iteration to the next.
 */
export function relabelByFirstAppearance(labels: ArrayLike<number>): {
  labels: Int32Array;
  count: number;
} {
  const out = new Int32Array(labels.length);
  const map = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    let id = map.get(v);
    if (id === undefined) {
      id = map.size;
      map.set(v, id);
    }
    out[i] = id;
  }
  return { labels: out, count: map.size };
}
