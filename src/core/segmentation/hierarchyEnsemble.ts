/**
 * Averages several merge hierarchies of one image over a common base partition (e.g. hierarchies
 * built from its superpixels at 100 and from its superpixels at 50, the latter voted onto the
 * former), and cuts the average at a height. Not part of the paper: a multi-scale variant of the
 * merge hierarchy (issue 9's "multi-scale settings").
 *
 * Every member is a hierarchy over a coarsening of the base (each base region inside one member
 * region), so it gives each pair of adjacent base regions the height at which they join: 0 when
 * the member's partition already joins them, else the height of their lowest common merge. The
 * ensemble's height of a pair is the mean over the members, so a boundary that only the finest
 * partition has, or that one hierarchy keeps much longer than the others, counts for less.
 * Cutting at t joins every adjacent pair whose mean height is <= t; higher t only joins more, so
 * the cuts are nested like a hierarchy's.
 */
import type { LabelMap } from '../image/LabelMap';
import { relabelByFirstAppearance } from '../image/LabelMap';
import { findRoot, identityForest } from '../superpixels/unionFind';
import type { RegionMergeHierarchy } from './regionMergeHierarchy';

/** Adjacent base-region pairs (a < b) and their mean heights (Lab units, as the members'). */
export interface HierarchyEnsemble {
  /** The base partition, relabelled 0..count-1 in order of first appearance. */
  readonly base: LabelMap;
  readonly count: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly heights: Float64Array;
}

/** Height of the lowest common merge of two regions of `h`'s base (Infinity if never joined). */
function lcaHeights(h: RegionMergeHierarchy): (a: number, b: number) => number {
  // Merge tree: base regions are nodes 0..count-1, merge k is node count + k.
  const nodes = h.count + h.into.length;
  const parent = new Int32Array(nodes).fill(-1);
  const nodeHeight = new Float64Array(nodes);
  const uf = identityForest(h.count);
  const top = identityForest(h.count); // union-find root -> the tree node holding its regions
  for (let k = 0; k < h.into.length; k++) {
    const a = findRoot(uf, h.into[k]);
    const b = findRoot(uf, h.from[k]);
    if (a === b) continue;
    const node = h.count + k;
    parent[top[a]] = node;
    parent[top[b]] = node;
    nodeHeight[node] = h.heights[k];
    uf[b] = a;
    top[a] = node;
  }
  const mark = new Int32Array(nodes);
  let stamp = 0;
  return (a, b) => {
    if (a === b) return 0;
    stamp++;
    for (let x = a; x !== -1; x = parent[x]) mark[x] = stamp;
    let x = b;
    while (x !== -1 && mark[x] !== stamp) x = parent[x];
    return x === -1 ? Infinity : nodeHeight[x];
  };
}

/**
 * The mean of the members' heights over the adjacent pairs of `base` (4-adjacency). Throws when
 * a member differs in size from the base or splits a base region.
 */
export function hierarchyEnsemble(base: LabelMap, members: readonly RegionMergeHierarchy[]): HierarchyEnsemble {
  if (members.length === 0) throw new RangeError('hierarchyEnsemble needs at least one hierarchy');
  const { width, height } = base;
  const n = width * height;
  if (base.labels.length !== n) throw new RangeError(`base: expected ${n} labels for ${width}x${height}, got ${base.labels.length}`);
  const { labels, count } = relabelByFirstAppearance(base.labels);
  // Each member's region of every base region, read at the region's first pixel and checked at all.
  const memberOf = members.map((h, m) => {
    if (h.base.width !== width || h.base.height !== height) {
      throw new RangeError(`hierarchy ${m} is ${h.base.width}x${h.base.height}, the base ${width}x${height}`);
    }
    const of = new Int32Array(count).fill(-1);
    for (let i = 0; i < n; i++) {
      const r = labels[i];
      if (of[r] === -1) of[r] = h.base.labels[i];
      else if (of[r] !== h.base.labels[i]) throw new RangeError(`hierarchy ${m} splits base region ${r}`);
    }
    return of;
  });
  const pairs = new Map<number, number>();
  const pa: number[] = [];
  const pb: number[] = [];
  const add = (p: number, q: number): void => {
    const a = Math.min(labels[p], labels[q]);
    const b = Math.max(labels[p], labels[q]);
    const key = a * count + b;
    if (a !== b && !pairs.has(key)) {
      pairs.set(key, pa.length);
      pa.push(a);
      pb.push(b);
    }
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x + 1 < width) add(i, i + 1);
      if (y + 1 < height) add(i, i + width);
    }
  }
  const heights = new Float64Array(pa.length);
  members.forEach((h, m) => {
    const lca = lcaHeights(h);
    const of = memberOf[m];
    for (let e = 0; e < pa.length; e++) heights[e] += lca(of[pa[e]], of[pb[e]]) / members.length;
  });
  return { base: { width, height, labels }, count, a: Int32Array.from(pa), b: Int32Array.from(pb), heights };
}

/** The partition joining every adjacent pair of height <= `threshold`, relabelled 0..count-1. */
export function cutEnsemble(e: HierarchyEnsemble, threshold: number): { labels: Int32Array; count: number } {
  if (Number.isNaN(threshold)) throw new RangeError('threshold must be a number');
  const uf = identityForest(e.count);
  for (let k = 0; k < e.heights.length; k++) {
    if (e.heights[k] > threshold) continue;
    const ra = findRoot(uf, e.a[k]);
    const rb = findRoot(uf, e.b[k]);
    if (ra !== rb) uf[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const base = e.base.labels;
  const out = new Int32Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = findRoot(uf, base[i]);
  return relabelByFirstAppearance(out);
}
