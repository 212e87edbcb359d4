/**
 * A merge hierarchy over a partition: adjacent regions are merged greedily, cheapest pair first,
 * until one region is left, and each merge is recorded with its height. Cutting the hierarchy at a
 * height gives one coarser partition per threshold, as a UCM's thresholds do.
 *
 * Issue 9 lists "multi-scale settings" among the improvements beyond the paper: DSC (with the
 * connected-component split) gives one partition per superpixel setting, and the benchmark's ODS
 * and OIS choose among settings. The hierarchy turns one DSC partition into several, from the
 * colours of the photograph, so that the settings become heights of one contrast scale (the same
 * height for every image at ODS) rather than region counts. Not part of the paper.
 *
 * The cost of merging adjacent regions A and B (Lab units, smaller merges first):
 *
 *   colour = w * contrast(A, B) + (1 - w) * |mean(A) - mean(B)|
 *   cost   = ((1 - h) * colour + h * 100 * chi2(A, B)) * min(1, (min(|A|, |B|) / (s N))^p) * guide
 *
 * (with `textureWeight` t > 0, the bracket becomes (1 - t) * bracket + t * 100 * texture chi2, then
 * with `gradientWeight` g > 0, (1 - g) * bracket + g * 100 * the mean oriented gradient along the
 * boundary, then with `spectralWeight` q > 0, (1 - q) * bracket + q * the regions' distance in a
 * spectral embedding of the starting regions, in the same units),
 *
 * with contrast the mean Lab distance across the shared boundary (after a Gaussian blur), per
 * 4-adjacent pixel pair on it, between the pixels `contrastReach` steps further out on each side
 * (less where a region is thinner), mean the regions' mean Lab colours, chi2 the chi-squared distance of
 * their L, a and b histograms (in [0, 1]), |A| pixel counts, N the image's pixels,
 * w = `boundaryWeight`, h = `histogramWeight`, s = `smallArea`, p = `smallPower`. The size factor
 * lets specks (which people never draw) merge before real regions of the same contrast; guide is
 * 1 without a guide partition (see `sameClusterFactor`; several guides, such as DSC's partitions
 * at several superpixel counts, vote). Heights are the running maximum of the
 * costs, so that every threshold cuts the merge sequence at one point.
 */
import type { LabelMap } from '../image/LabelMap';
import { relabelByFirstAppearance } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import { rgbaToLab } from '../superpixels/colour';
import { gaussianBlurRgba } from '../superpixels/gaussianBlur';
import { findRoot, identityForest } from '../superpixels/unionFind';
import { COLOUR_BINS, colourBins } from './colourBins';
import { orientedGradient } from './orientedGradient';
import { spectralEmbedding } from './spectralEmbedding';
import { GRAD_BINS, LBP_BINS, textureCodes } from './textureCodes';

/** Options of {@link regionMergeHierarchy}. */
export interface RegionMergeOptions {
  /** Gaussian blur (pixels) of the image before its Lab colours are read; 0 reads them as they are. @default 1 */
  sigma?: number;
  /**
   * Weight w of the boundary contrast against the difference of the region means, in [0, 1].
   * Chosen on val with the defaults below (docs/results.md, "Merge hierarchy"). @default 1
   */
  boundaryWeight?: number;
  /** Area s, as a fraction of the image, under which a region's merge cost is scaled down, in [0, 1]. @default 0.01 */
  smallArea?: number;
  /** Power p of that scaling, >= 0 (0: no size term). @default 0.5 */
  smallPower?: number;
  /** Weight h of the regions' colour-histogram distance (chi-squared, 0-100) against the colour costs, in [0, 1]. @default 0.3 */
  histogramWeight?: number;
  /**
   * With a guide partition (DSC's clusters over superpixels), the cost of a boundary is scaled by
   * 1 - (1 - f) * (the fraction of its pixel pairs that the guide puts in one cluster, averaged over
   * the guides where there are several), f this
   * factor in [0, 1]: 0 merges what the guide joins before anything else (the same as starting from
   * DSC + split), 1 ignores the guide. 0.8 was best on val of 0, 0.5, 0.8 and 0.9. @default 0.8
   */
  sameClusterFactor?: number;
  /**
   * The boundary contrast compares pixels up to this many pixels away from the boundary, each
   * inside its own region (0: the adjacent pixels). 4 beat 0, 2 and 8 on val. @default 4
   */
  contrastReach?: number;
  /**
   * Weight t of the regions' texture distance (chi-squared of two histograms, 0-100) against the
   * colour costs, in [0, 1]: rotation-invariant uniform local binary patterns of L (a neighbour
   * counts as brighter 2 L units above the centre) and the L gradient magnitude in octaves, both
   * read before the blur. 0 leaves texture out. 0.15 beat 0, 0.3 and 0.5 on val (VI, at SC and PRI
   * within 0.002 of 0). @default 0.15
   */
  textureWeight?: number;
  /**
   * Weight g of the boundary's oriented gradient of histograms (`orientedGradient`: L, a, b and
   * LBP codes in two half-discs at each boundary pixel pair, 0-100, averaged along the boundary)
   * against the costs above, in [0, 1]. 0 leaves it out. 0.15 beat 0.3 and 0.5 (radius 5) and 0.25
   * (radius 10) on val (docs/results.md, "A fifth round"). @default 0.15
   */
  gradientWeight?: number;
  /** Radius of the oriented gradient's disc, in pixels, in [1, 32]. 10 beat 5, 8 and 16 on val. @default 10 */
  gradientRadius?: number;
  /** Scales of the oriented gradient, averaged: radii r, r / 2, r / 4 for 3; an integer in [1, 3]. @default 1 */
  gradientScales?: number;
  /**
   * Weight of the regions' distance in a spectral embedding of the starting regions' graph
   * (`spectralEmbedding`, affinities len * exp(-cost / mean cost) from the costs above with the
   * guide), rescaled so that its mean over the starting edges equals the mean cost, in [0, 1].
   * 0 leaves it out; so does a partition of more than SPECTRAL_MAX_REGIONS regions. 0.1 beat 0.05,
   * 0.2 and 0.3 on val. @default 0.1
   */
  spectralWeight?: number;
  /** Eigenvectors in the spectral embedding, an integer in [1, 64]. 8 beat 4 and 16 on val. @default 8 */
  spectralDims?: number;
  /** The affinities' scale, as a multiple of the mean cost, in (0, 100]. 1 beat 0.5 and 2 on val. @default 1 */
  spectralSigma?: number;
}

/** The spectral term's dense eigensolver is O(n^3): above this many regions it is left out. */
export const SPECTRAL_MAX_REGIONS = 400;

export const REGION_MERGE_DEFAULTS: Required<RegionMergeOptions> = {
  sigma: 1,
  boundaryWeight: 1,
  smallArea: 0.01,
  smallPower: 0.5,
  histogramWeight: 0.3,
  sameClusterFactor: 0.8,
  contrastReach: 4,
  textureWeight: 0.15,
  gradientWeight: 0.15,
  gradientRadius: 10,
  gradientScales: 1,
  spectralWeight: 0.1,
  spectralDims: 8,
  spectralSigma: 1,
};

export function resolveRegionMergeOptions(options: RegionMergeOptions = {}): Required<RegionMergeOptions> {
  const o = { ...REGION_MERGE_DEFAULTS, ...options };
  const check = (ok: boolean, name: keyof RegionMergeOptions, range: string): void => {
    if (!ok) throw new RangeError(`${name} must be ${range}, got ${String(options[name])}`);
  };
  check(Number.isFinite(o.sigma) && o.sigma >= 0 && o.sigma <= 32, 'sigma', 'a number in [0, 32]');
  check(Number.isFinite(o.boundaryWeight) && o.boundaryWeight >= 0 && o.boundaryWeight <= 1, 'boundaryWeight', 'a number in [0, 1]');
  check(Number.isFinite(o.smallArea) && o.smallArea >= 0 && o.smallArea <= 1, 'smallArea', 'a number in [0, 1]');
  check(Number.isFinite(o.histogramWeight) && o.histogramWeight >= 0 && o.histogramWeight <= 1, 'histogramWeight', 'a number in [0, 1]');
  check(Number.isFinite(o.sameClusterFactor) && o.sameClusterFactor >= 0 && o.sameClusterFactor <= 1, 'sameClusterFactor', 'a number in [0, 1]');
  check(Number.isInteger(o.contrastReach) && o.contrastReach >= 0 && o.contrastReach <= 16, 'contrastReach', 'an integer in [0, 16]');
  check(Number.isFinite(o.textureWeight) && o.textureWeight >= 0 && o.textureWeight <= 1, 'textureWeight', 'a number in [0, 1]');
  check(Number.isFinite(o.gradientWeight) && o.gradientWeight >= 0 && o.gradientWeight <= 1, 'gradientWeight', 'a number in [0, 1]');
  check(Number.isInteger(o.gradientScales) && o.gradientScales >= 1 && o.gradientScales <= 3, 'gradientScales', 'an integer in [1, 3]');
  check(Number.isFinite(o.gradientRadius) && o.gradientRadius >= 1 && o.gradientRadius <= 32, 'gradientRadius', 'a number in [1, 32]');
  check(Number.isFinite(o.spectralWeight) && o.spectralWeight >= 0 && o.spectralWeight <= 1, 'spectralWeight', 'a number in [0, 1]');
  check(Number.isFinite(o.spectralSigma) && o.spectralSigma > 0 && o.spectralSigma <= 100, 'spectralSigma', 'a number in (0, 100]');
  check(Number.isInteger(o.spectralDims) && o.spectralDims >= 1 && o.spectralDims <= 64, 'spectralDims', 'an integer in [1, 64]');
  check(Number.isFinite(o.smallPower) && o.smallPower >= 0 && o.smallPower <= 8, 'smallPower', 'a number in [0, 8]');
  return o;
}

/** The merges of a partition, in order; see {@link cutHierarchy}. */
export interface RegionMergeHierarchy {
  /** The input partition, relabelled 0..count-1 in order of first appearance. */
  readonly base: LabelMap;
  readonly count: number;
  /** Merge k joins the regions holding base regions `into[k]` and `from[k]` (count - 1 merges when the regions are all connected). */
  readonly into: Int32Array;
  readonly from: Int32Array;
  /** Non-decreasing merge heights (Lab units). */
  readonly heights: Float64Array;
  /** Whether the spectral term took part (`spectralWeight` > 0, 3 to SPECTRAL_MAX_REGIONS regions). */
  readonly spectral: boolean;
}

const BINS = COLOUR_BINS;
const TEX_BINS = LBP_BINS + GRAD_BINS;

/** Chi-squared distance of regions a and b's histograms (`bins` counts per region in `hist`, normalised by `area`). */
function chiSquared(hist: Float64Array, bins: number, a: number, b: number, area: Float64Array): number {
  let d = 0;
  for (let k = 0; k < bins; k++) {
    const x = hist[a * bins + k] / area[a];
    const y = hist[b * bins + k] / area[b];
    if (x + y > 0) d += ((x - y) * (x - y)) / (x + y);
  }
  return d;
}

/** A binary min-heap of (cost, edge, version) entries; stale versions are skipped on pop. */
class EdgeHeap {
  private cost: number[] = [];
  private edge: number[] = [];
  private version: number[] = [];

  get size(): number {
    return this.cost.length;
  }

  push(cost: number, edge: number, version: number): void {
    let i = this.cost.length;
    this.cost.push(cost);
    this.edge.push(edge);
    this.version.push(version);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(p, i)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes the cheapest entry into `out` ([cost, edge, version]). */
  pop(out: [number, number, number]): void {
    out[0] = this.cost[0];
    out[1] = this.edge[0];
    out[2] = this.version[0];
    const last = this.cost.length - 1;
    this.swap(0, last);
    this.cost.pop();
    this.edge.pop();
    this.version.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  // Ties by edge index, so that the order does not depend on the heap's layout.
  private less(a: number, b: number): boolean {
    return this.cost[a] < this.cost[b] || (this.cost[a] === this.cost[b] && this.edge[a] < this.edge[b]);
  }

  private swap(a: number, b: number): void {
    [this.cost[a], this.cost[b]] = [this.cost[b], this.cost[a]];
    [this.edge[a], this.edge[b]] = [this.edge[b], this.edge[a]];
    [this.version[a], this.version[b]] = [this.version[b], this.version[a]];
  }
}

/**
 * Builds the merge hierarchy of `partition` over `image` (same size), optionally guided by
 * one or more other partitions of the same size (see `sameClusterFactor`). The region adjacency graph of a
 * partition of the image grid is connected, so the hierarchy always ends in one region.
 */
export function regionMergeHierarchy(
  partition: LabelMap,
  image: RgbaImage,
  options: RegionMergeOptions = {},
  guide: LabelMap | readonly LabelMap[] | null = null,
): RegionMergeHierarchy {
  const o = resolveRegionMergeOptions(options);
  const { width, height } = partition;
  const guides: readonly LabelMap[] = guide === null ? [] : Array.isArray(guide) ? guide : [guide as LabelMap];
  const n = width * height;
  if (partition.labels.length !== n) {
    throw new RangeError(`partition: expected ${n} labels for ${width}x${height}, got ${partition.labels.length}`);
  }
  if (image.width !== width || image.height !== height) {
    throw new RangeError(`image is ${image.width}x${image.height}, the partition ${width}x${height}`);
  }
  for (const g of guides) {
    if (g.width !== width || g.height !== height || g.labels.length !== n) {
      throw new RangeError(`guide is ${g.width}x${g.height}, the partition ${width}x${height}`);
    }
  }
  const { labels, count } = relabelByFirstAppearance(partition.labels);

  // Lab colours of the blurred image, 3 per pixel (rounded back to bytes: rgbaToLab reads bytes).
  const blurred = gaussianBlurRgba(image.data, width, height, o.sigma);
  const rgba = new Uint8ClampedArray(n * 4);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    rgba[4 * i] = blurred[j];
    rgba[4 * i + 1] = blurred[j + 1];
    rgba[4 * i + 2] = blurred[j + 2];
    rgba[4 * i + 3] = 255;
  }
  const lab = rgbaToLab(rgba);

  // Region sums: pixels and Lab.
  const area = new Float64Array(count);
  const sum = new Float64Array(count * 3);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    area[l]++;
    sum[3 * l] += lab[3 * i];
    sum[3 * l + 1] += lab[3 * i + 1];
    sum[3 * l + 2] += lab[3 * i + 2];
  }
  // Marginal histograms of L (0..100), a and b (-64..64): BINS each, 3 BINS per region.
  const useHist = o.histogramWeight > 0;
  const hist = new Float64Array(useHist ? count * 3 * BINS : 0);
  if (useHist) {
    const colour = colourBins(lab);
    for (let i = 0; i < n; i++) {
      const h = labels[i] * 3 * BINS;
      hist[h + colour[3 * i]]++;
      hist[h + BINS + colour[3 * i + 1]]++;
      hist[h + 2 * BINS + colour[3 * i + 2]]++;
    }
  }
  // Texture histograms: TEX_BINS per region, read on the image before the blur.
  const useTexture = o.textureWeight > 0;
  const useGradient = o.gradientWeight > 0;
  const tex = new Float64Array(useTexture ? count * TEX_BINS : 0);
  let gradient: { horizontal: Float32Array; vertical: Float32Array } | null = null;
  if (useTexture || useGradient) {
    const rawLab = rgbaToLab(image.data);
    const { lbp, grad } = textureCodes(rawLab, width, height);
    for (let i = 0; useTexture && i < n; i++) {
      tex[labels[i] * TEX_BINS + lbp[i]]++;
      tex[labels[i] * TEX_BINS + grad[i]]++;
    }
    for (let k = 0; useGradient && k < o.gradientScales; k++) {
      const g = orientedGradient(rawLab, lbp, labels, width, height, { radius: Math.max(1, o.gradientRadius / 2 ** k) });
      if (gradient === null) gradient = g;
      else {
        for (let i = 0; i < n; i++) {
          gradient.horizontal[i] += g.horizontal[i];
          gradient.vertical[i] += g.vertical[i];
        }
      }
    }
    for (let i = 0; gradient !== null && o.gradientScales > 1 && i < n; i++) {
      gradient.horizontal[i] /= o.gradientScales;
      gradient.vertical[i] /= o.gradientScales;
    }
  }
  const textureChi2 = (a: number, b: number): number => chiSquared(tex, TEX_BINS, a, b, area) / 4; // two histograms, each chi-squared/2 in [0, 1]
  const chi2 = (a: number, b: number): number => chiSquared(hist, 3 * BINS, a, b, area) / 6; // each channel's chi-squared/2 is in [0, 1]

  // Edges of the region adjacency graph: boundary length and summed contrast (4-adjacency).
  const adjacency: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  const edgeA: number[] = [];
  const edgeB: number[] = [];
  const edgeLength: number[] = [];
  const edgeContrast: number[] = [];
  const edgeSame: number[] = [];
  const edgeGradient: number[] = [];
  const reach = o.contrastReach;
  // p and q adjacent, q = p + step; pos is p's coordinate along the step's axis, size its extent.
  const addPair = (p: number, q: number, step: number, pos: number, size: number): void => {
    const a = labels[p];
    const b = labels[q];
    if (a === b) return;
    // The colours compared: up to `reach` pixels away from the boundary, inside each region.
    let pp = p;
    for (let k = 1; k <= reach && pos - k >= 0 && labels[p - k * step] === a; k++) pp = p - k * step;
    let qq = q;
    for (let k = 1; k <= reach && pos + 1 + k < size && labels[q + k * step] === b; k++) qq = q + k * step;
    let e = adjacency[a].get(b);
    if (e === undefined) {
      e = edgeA.length;
      edgeA.push(a);
      edgeB.push(b);
      edgeLength.push(0);
      edgeContrast.push(0);
      edgeSame.push(0);
      edgeGradient.push(0);
      adjacency[a].set(b, e);
      adjacency[b].set(a, e);
    }
    const dl = lab[3 * pp] - lab[3 * qq];
    const da = lab[3 * pp + 1] - lab[3 * qq + 1];
    const db = lab[3 * pp + 2] - lab[3 * qq + 2];
    edgeLength[e]++;
    for (const g of guides) if (g.labels[p] === g.labels[q]) edgeSame[e] += 1 / guides.length;
    edgeContrast[e] += Math.sqrt(dl * dl + da * da + db * db);
    if (gradient !== null) edgeGradient[e] += (step === 1 ? gradient.horizontal : gradient.vertical)[p];
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (x + 1 < width) addPair(p, p + 1, 1, x, width);
      if (y + 1 < height) addPair(p, p + width, width, y, height);
    }
  }

  const smallPixels = o.smallArea * n;
  // The colour, histogram, texture and gradient costs of edge e, before the guide and size factors.
  const colourCost = (e: number): number => {
    const a = edgeA[e];
    const b = edgeB[e];
    const contrast = edgeContrast[e] / edgeLength[e];
    const dl = sum[3 * a] / area[a] - sum[3 * b] / area[b];
    const da = sum[3 * a + 1] / area[a] - sum[3 * b + 1] / area[b];
    const db = sum[3 * a + 2] / area[a] - sum[3 * b + 2] / area[b];
    const meanDistance = Math.sqrt(dl * dl + da * da + db * db);
    let base = o.boundaryWeight * contrast + (1 - o.boundaryWeight) * meanDistance;
    if (useHist) base = (1 - o.histogramWeight) * base + o.histogramWeight * 100 * chi2(a, b);
    if (useTexture) base = (1 - o.textureWeight) * base + o.textureWeight * 100 * textureChi2(a, b);
    if (useGradient) base = (1 - o.gradientWeight) * base + o.gradientWeight * 100 * (edgeGradient[e] / edgeLength[e]);
    return base;
  };
  const guideFactor = (e: number): number => (guides.length > 0 ? 1 - (1 - o.sameClusterFactor) * (edgeSame[e] / edgeLength[e]) : 1);

  // Spectral embedding of the starting regions: per region its area-weighted sum of coordinates.
  const dims = o.spectralDims;
  let embedding: Float64Array | null = null;
  let spectralScale = 0;
  const spectralDistance = (a: number, b: number, emb: Float64Array): number => {
    let d = 0;
    for (let j = 0; j < dims; j++) {
      const u = emb[a * dims + j] / area[a] - emb[b * dims + j] / area[b];
      d += u * u;
    }
    return Math.sqrt(d);
  };
  if (o.spectralWeight > 0 && count > 2 && count <= SPECTRAL_MAX_REGIONS) {
    const local = edgeA.map((_, e) => colourCost(e));
    const costs = local.map((c, e) => c * guideFactor(e));
    const mean = (values: number[]): number => values.reduce((x, y) => x + y, 0) / values.length;
    const sigma = Math.max(1e-9, o.spectralSigma * mean(costs));
    const coords = spectralEmbedding(
      count,
      edgeA,
      edgeB,
      costs.map((c, e) => edgeLength[e] * Math.exp(-c / sigma)),
      dims,
    );
    for (let r = 0; r < count; r++) for (let j = 0; j < dims; j++) coords[r * dims + j] *= area[r];
    const distances = edgeA.map((a, e) => spectralDistance(a, edgeB[e], coords));
    const meanDistance = mean(distances);
    if (meanDistance > 0) {
      embedding = coords;
      spectralScale = mean(local) / meanDistance;
    }
  }

  const costOf = (e: number): number => {
    let base = colourCost(e);
    if (embedding !== null) {
      base = (1 - o.spectralWeight) * base + o.spectralWeight * spectralScale * spectralDistance(edgeA[e], edgeB[e], embedding);
    }
    base *= guideFactor(e);
    if (o.smallPower === 0 || smallPixels <= 0) return base;
    const a = edgeA[e];
    const b = edgeB[e];
    const small = Math.min(area[a], area[b]) / smallPixels;
    return small >= 1 ? base : base * Math.pow(small, o.smallPower);
  };

  const version = new Int32Array(edgeA.length);
  const heap = new EdgeHeap();
  for (let e = 0; e < edgeA.length; e++) heap.push(costOf(e), e, 0);

  const into: number[] = [];
  const from: number[] = [];
  const heights: number[] = [];
  const top: [number, number, number] = [0, 0, 0];
  let level = 0;
  while (heap.size > 0) {
    heap.pop(top);
    const [cost, e, v] = top;
    if (v !== version[e]) continue;
    version[e] = -1; // dead
    let a = edgeA[e];
    let b = edgeB[e];
    // Keep the id of the region with more neighbours: fewer edges to move.
    if (adjacency[a].size < adjacency[b].size) [a, b] = [b, a];
    level = Math.max(level, cost);
    into.push(a);
    from.push(b);
    heights.push(level);
    adjacency[a].delete(b);
    for (const [c, eb] of adjacency[b]) {
      if (c === a) continue;
      adjacency[c].delete(b);
      const ea = adjacency[a].get(c);
      if (ea !== undefined) {
        edgeLength[ea] += edgeLength[eb];
        edgeContrast[ea] += edgeContrast[eb];
        edgeSame[ea] += edgeSame[eb];
        edgeGradient[ea] += edgeGradient[eb];
        version[eb] = -1;
      } else {
        if (edgeA[eb] === b) edgeA[eb] = a;
        else edgeB[eb] = a;
        adjacency[a].set(c, eb);
        adjacency[c].set(a, eb);
      }
    }
    adjacency[b].clear();
    area[a] += area[b];
    sum[3 * a] += sum[3 * b];
    sum[3 * a + 1] += sum[3 * b + 1];
    sum[3 * a + 2] += sum[3 * b + 2];
    for (let k = 0; useHist && k < 3 * BINS; k++) hist[a * 3 * BINS + k] += hist[b * 3 * BINS + k];
    for (let k = 0; useTexture && k < TEX_BINS; k++) tex[a * TEX_BINS + k] += tex[b * TEX_BINS + k];
    for (let j = 0; embedding !== null && j < dims; j++) embedding[a * dims + j] += embedding[b * dims + j];
    // Every edge of the merged region has a new cost.
    for (const e2 of adjacency[a].values()) {
      version[e2]++;
      heap.push(costOf(e2), e2, version[e2]);
    }
  }
  return {
    base: { width, height, labels },
    count,
    into: Int32Array.from(into),
    from: Int32Array.from(from),
    heights: Float64Array.from(heights),
    spectral: embedding !== null,
  };
}

/** The partition after the first `merges` merges, relabelled 0..count-1 in order of first appearance. */
export function cutAfterMerges(h: RegionMergeHierarchy, merges: number): { labels: Int32Array; count: number } {
  if (!Number.isInteger(merges) || merges < 0 || merges > h.into.length) {
    throw new RangeError(`merges must be an integer in [0, ${h.into.length}], got ${merges}`);
  }
  const parent = identityForest(h.count);
  for (let k = 0; k < merges; k++) {
    const a = findRoot(parent, h.into[k]);
    const b = findRoot(parent, h.from[k]);
    if (a !== b) parent[b] = a;
  }
  const base = h.base.labels;
  const out = new Int32Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = findRoot(parent, base[i]);
  return relabelByFirstAppearance(out);
}

/** The partition with every merge of height <= `threshold` applied. */
export function cutHierarchy(h: RegionMergeHierarchy, threshold: number): { labels: Int32Array; count: number } {
  if (Number.isNaN(threshold)) throw new RangeError('threshold must be a number');
  let merges = 0;
  while (merges < h.heights.length && h.heights[merges] <= threshold) merges++;
  return cutAfterMerges(h, merges);
}

/** The partition with at most `regions` regions (fewer merges are never enough), or the coarsest the hierarchy has. */
export function cutHierarchyAtCount(h: RegionMergeHierarchy, regions: number): { labels: Int32Array; count: number } {
  if (!Number.isInteger(regions) || regions < 1) throw new RangeError(`regions must be an integer >= 1, got ${regions}`);
  return cutAfterMerges(h, Math.min(h.into.length, Math.max(0, h.count - regions)));
}
