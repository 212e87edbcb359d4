import { relabelByFirstAppearance } from '../image/LabelMap';

/** Options of {@link mergeSmallRegions}. */
export interface MergeSmallRegionsOptions {
  /**
   * Regions smaller than this fraction of the image's pixels are absorbed, in [0, 1). 0 keeps
   * every region. Val preferred 7.5% for EGB, but on test it cost SC and PRI (docs/results.md,
   * "Small regions after the split"), so nothing uses it by default. @default 0
   */
  minAreaFraction?: number;
}

export const MERGE_SMALL_REGIONS_DEFAULTS: Required<MergeSmallRegionsOptions> = { minAreaFraction: 0 };

export function resolveMergeSmallRegionsOptions(options: MergeSmallRegionsOptions = {}): Required<MergeSmallRegionsOptions> {
  const o = { ...MERGE_SMALL_REGIONS_DEFAULTS, ...options };
  if (!(Number.isFinite(o.minAreaFraction) && o.minAreaFraction >= 0 && o.minAreaFraction < 1)) {
    throw new RangeError(`minAreaFraction must be a number in [0, 1), got ${String(options.minAreaFraction)}`);
  }
  return o;
}

/**
 * Absorbs every region smaller than `minAreaFraction` of the image into the neighbour it shares
 * the longest boundary with (4-adjacency), smallest region first, until no region is that small
 * or one region is left. After the connected-component split, DSC's clusters leave fragments
 * (a few superpixels cut off from their cluster) that BSDS's people never draw; VI counts each.
 * Labels come back numbered 0..count-1 in order of first appearance (row-major). A region made of
 * connected regions stays connected, so split input gives connected output.
 */
export function mergeSmallRegions(
  labels: Int32Array,
  width: number,
  height: number,
  options: MergeSmallRegionsOptions = {},
): { labels: Int32Array; count: number } {
  const { minAreaFraction } = resolveMergeSmallRegionsOptions(options);
  const n = width * height;
  if (labels.length !== n) {
    throw new RangeError(`expected ${n} labels for ${width}x${height}, got ${labels.length}`);
  }
  const { labels: compact, count } = relabelByFirstAppearance(labels);
  const minArea = minAreaFraction * n;
  const area = new Float64Array(count);
  for (let i = 0; i < n; i++) area[compact[i]]++;

  // Shared boundary lengths: one map per region, neighbour -> number of 4-adjacent pixel pairs.
  const adj: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  const touch = (a: number, b: number) => {
    if (a === b) return;
    adj[a].set(b, (adj[a].get(b) ?? 0) + 1);
    adj[b].set(a, (adj[b].get(a) ?? 0) + 1);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x + 1 < width) touch(compact[i], compact[i + 1]);
      if (y + 1 < height) touch(compact[i], compact[i + width]);
    }
  }

  const parent = Int32Array.from({ length: count }, (_, i) => i);
  const find = (r: number): number => {
    while (parent[r] !== r) r = parent[r] = parent[parent[r]];
    return r;
  };
  // Smallest first, ties by id: a binary heap of (area, id), stale entries skipped when popped.
  const heap = new MinHeap();
  for (let r = 0; r < count; r++) if (area[r] < minArea) heap.push(area[r], r);
  let regions = count;
  while (heap.size > 0 && regions > 1) {
    const [a, r] = heap.pop();
    // Only regions under minArea are ever pushed, so a live entry is always one to absorb.
    if (parent[r] !== r || area[r] !== a) continue;
    let target = -1;
    let best = -1;
    for (const [q, len] of adj[r]) {
      if (len > best || (len === best && q < target)) [target, best] = [q, len];
    }
    if (target < 0) break;
    // Merge r into target: the smaller adjacency map into the larger, so the work stays near-linear.
    const [keep, drop] = adj[target].size >= adj[r].size ? [target, r] : [r, target];
    parent[drop] = keep;
    area[keep] = area[r] + area[target];
    const km = adj[keep];
    km.delete(drop);
    for (const [q, len] of adj[drop]) {
      if (q === keep) continue;
      km.set(q, (km.get(q) ?? 0) + len);
      const qm = adj[q];
      qm.set(keep, (qm.get(keep) ?? 0) + len);
      qm.delete(drop);
    }
    adj[drop] = new Map();
    regions--;
    if (area[keep] < minArea) heap.push(area[keep], keep);
  }

  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) roots[i] = find(compact[i]);
  return relabelByFirstAppearance(roots);
}

/** A binary min-heap of (key, id) pairs, ordered by key, then id. */
class MinHeap {
  private keys: number[] = [];
  private ids: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  private less(i: number, j: number): boolean {
    return this.keys[i] < this.keys[j] || (this.keys[i] === this.keys[j] && this.ids[i] < this.ids[j]);
  }
  private swap(i: number, j: number): void {
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
    [this.ids[i], this.ids[j]] = [this.ids[j], this.ids[i]];
  }
  push(key: number, id: number): void {
    this.keys.push(key);
    this.ids.push(id);
    for (let i = this.keys.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.keys[0], this.ids[0]];
    const lastKey = this.keys.pop() as number;
    const lastId = this.ids.pop() as number;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.ids[0] = lastId;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.less(l, m)) m = l;
        if (r < this.keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
