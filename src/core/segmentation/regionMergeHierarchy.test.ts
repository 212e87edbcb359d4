import { describe, expect, it } from 'vitest';
import type { LabelMap } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import {
  cutHierarchy,
  cutHierarchyAtCount,
  regionMergeHierarchy,
  resolveRegionMergeOptions,
  SPECTRAL_MAX_REGIONS,
  type RegionMergeOptions,
} from './regionMergeHierarchy';
import { rgbaToLab } from '../superpixels/colour';
import { orientedGradient } from './orientedGradient';
import { textureCodes } from './textureCodes';

/** An image painted column band by band: bands[i] = [x0, x1, r, g, b]. */
function bandImage(width: number, height: number, bands: [number, number, number, number, number][]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const band = bands.find(([x0, x1]) => x >= x0 && x < x1);
      if (band === undefined) throw new Error(`no band at x ${x}`);
      data.set([band[2], band[3], band[4], 255], 4 * (y * width + x));
    }
  }
  return { width, height, data };
}

/** Tiles of tile x tile pixels, one label each. */
function tiles(width: number, height: number, tile: number): LabelMap {
  const perRow = Math.ceil(width / tile);
  const labels = Int32Array.from({ length: width * height }, (_, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    return Math.floor(y / tile) * perRow + Math.floor(x / tile);
  });
  return { width, height, labels };
}

/** True when every region of `fine` lies inside one region of `coarse`. */
function refines(fine: Int32Array, coarse: Int32Array): boolean {
  const owner = new Map<number, number>();
  for (let i = 0; i < fine.length; i++) {
    const seen = owner.get(fine[i]);
    if (seen === undefined) owner.set(fine[i], coarse[i]);
    else if (seen !== coarse[i]) return false;
  }
  return true;
}

const EXACT: RegionMergeOptions = { sigma: 0, smallPower: 0, histogramWeight: 0, textureWeight: 0, gradientWeight: 0, spectralWeight: 0 };

describe('regionMergeHierarchy', () => {
  // 24x8: red | dark red | blue, each 8 columns, cut into 4x4 tiles (12 regions).
  const image = bandImage(24, 8, [
    [0, 8, 200, 30, 30],
    [8, 16, 170, 30, 30],
    [16, 24, 30, 30, 200],
  ]);
  const partition = tiles(24, 8, 4);

  it('merges tiles of one colour at height ~0, then the closest colours, down to one region', () => {
    const h = regionMergeHierarchy(partition, image, EXACT);
    expect(h.count).toBe(12);
    expect(h.into.length).toBe(11);
    for (let k = 1; k < h.heights.length; k++) expect(h.heights[k]).toBeGreaterThanOrEqual(h.heights[k - 1]);
    // (Means of equal colours agree to rounding, not exactly.)
    const flat = cutHierarchy(h, 1e-9);
    expect(flat.count).toBe(3);
    // The two reds join before either meets the blue.
    const two = cutHierarchyAtCount(h, 2);
    expect(two.count).toBe(2);
    expect(two.labels[0]).toBe(two.labels[12]);
    expect(two.labels[0]).not.toBe(two.labels[20]);
    expect(cutHierarchy(h, Infinity).count).toBe(1);
    expect(cutHierarchyAtCount(h, 50).count).toBe(12);
  });

  it('gives nested partitions: each threshold coarsens the one below it', () => {
    let s = 7;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const width = 30;
    const height = 20;
    const noisy: RgbaImage = {
      width,
      height,
      data: Uint8ClampedArray.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(rand() * 256))),
    };
    const h = regionMergeHierarchy(tiles(width, height, 3), noisy, { histogramWeight: 0.3 });
    let previous = cutHierarchy(h, -1);
    expect(previous.count).toBe(h.count);
    for (const t of [1, 5, 10, 20, 40, 80, 1e9]) {
      const next = cutHierarchy(h, t);
      expect(next.count).toBeLessThanOrEqual(previous.count);
      expect(refines(previous.labels, next.labels)).toBe(true);
      previous = next;
    }
    expect(previous.count).toBe(1);
  });

  it('lets a small region merge before a large one of the same contrast when smallPower > 0', () => {
    // 20x10 grey; a 2x2 white speck inside the left half, and the right half light grey.
    const width = 20;
    const height = 10;
    const data = new Uint8ClampedArray(width * height * 4);
    const labels = new Int32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const speck = x >= 3 && x < 5 && y >= 3 && y < 5;
        const right = x >= 10;
        const v = speck ? 240 : right ? 180 : 100;
        data.set([v, v, v, 255], 4 * (y * width + x));
        labels[y * width + x] = speck ? 2 : right ? 1 : 0;
      }
    }
    const img = { width, height, data };
    const map = { width, height, labels };
    const sized = regionMergeHierarchy(map, img, { ...EXACT, smallPower: 0.5, smallArea: 0.1 });
    expect(cutHierarchyAtCount(sized, 2).labels[3 * width + 3]).toBe(cutHierarchyAtCount(sized, 2).labels[0]);
    // Without the size term the speck is the highest contrast and stays to the end.
    const plain = regionMergeHierarchy(map, img, EXACT);
    const two = cutHierarchyAtCount(plain, 2);
    expect(two.labels[0]).toBe(two.labels[15]);
    expect(two.labels[3 * width + 3]).not.toBe(two.labels[0]);
  });

  it('with a guide and sameClusterFactor 0, merges what the guide joins first, whatever the colours', () => {
    const h0 = regionMergeHierarchy(partition, image, EXACT);
    // The guide joins the dark red and the blue bands into one cluster.
    const guide = { width: 24, height: 8, labels: Int32Array.from({ length: 24 * 8 }, (_, i) => (i % 24 < 8 ? 0 : 1)) };
    const h = regionMergeHierarchy(partition, image, { ...EXACT, sameClusterFactor: 0 }, guide);
    const two = cutHierarchyAtCount(h, 2);
    expect(two.labels[12]).toBe(two.labels[20]);
    expect(two.labels[0]).not.toBe(two.labels[12]);
    // With factor 1 the guide changes nothing.
    const ignored = regionMergeHierarchy(partition, image, { ...EXACT, sameClusterFactor: 1 }, guide);
    expect(Array.from(ignored.heights)).toEqual(Array.from(h0.heights));
  });

  it('with several guides, scales each boundary by the fraction of the guides that join it', () => {
    const joinRedBlue = { width: 24, height: 8, labels: Int32Array.from({ length: 24 * 8 }, (_, i) => (i % 24 < 8 ? 0 : 1)) };
    const joinNothing = tiles(24, 8, 4);
    const f = { ...EXACT, sameClusterFactor: 0.5 };
    // One guide given alone or in a list: the same hierarchy.
    const single = regionMergeHierarchy(partition, image, f, joinRedBlue);
    expect(Array.from(regionMergeHierarchy(partition, image, f, [joinRedBlue]).heights)).toEqual(Array.from(single.heights));
    // The last merge crosses the dark red | blue boundary (x = 16), the costliest: its full colour
    // cost with no guide, half with one guide that joins it (f 0.5), three quarters when one of
    // two guides joins it.
    const boundaryHeight = (h: ReturnType<typeof regionMergeHierarchy>): number => h.heights[h.heights.length - 1];
    const none = regionMergeHierarchy(partition, image, EXACT);
    const half = regionMergeHierarchy(partition, image, f, [joinRedBlue, joinNothing]);
    expect(boundaryHeight(single)).toBeCloseTo(0.5 * boundaryHeight(none), 6);
    expect(boundaryHeight(half)).toBeCloseTo(0.75 * boundaryHeight(none), 6);
    expect(() => regionMergeHierarchy(partition, image, f, [joinRedBlue, tiles(10, 8, 4)])).toThrow(/guide is 10x8/);
  });

  it('with contrastReach, reads the contrast of a soft edge from pixels away from the boundary', () => {
    // A ramp from 0 to 250 in 10 steps of 25 across 10 columns, cut in the middle: adjacent pixels
    // differ by one step, pixels 4 further out on each side by nine.
    const width = 10;
    const height = 3;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const v = 25 * (i % width);
      data.set([v, v, v, 255], 4 * i);
    }
    const map = { width, height, labels: Int32Array.from({ length: width * height }, (_, i) => (i % width < 5 ? 0 : 1)) };
    const img = { width, height, data };
    const near = regionMergeHierarchy(map, img, { ...EXACT, boundaryWeight: 1, contrastReach: 0 }).heights[0];
    const far = regionMergeHierarchy(map, img, { ...EXACT, boundaryWeight: 1, contrastReach: 4 }).heights[0];
    const beyond = regionMergeHierarchy(map, img, { ...EXACT, boundaryWeight: 1, contrastReach: 9 }).heights[0];
    expect(far).toBeGreaterThan(4 * near);
    // A region is only 5 pixels wide: reaching further stops at its far side.
    expect(beyond).toBeCloseTo(far, 12);
  });

  it('with textureWeight, joins two flat regions of different colours before a flat and a textured one of one colour', () => {
    // 24x8: flat red | flat blue | blue checkerboard (+-40 around the flat blue), 8 columns each.
    const w = 24;
    const data = new Uint8ClampedArray(w * 8 * 4);
    for (let i = 0; i < w * 8; i++) {
      const x = i % w;
      const y = Math.floor(i / w);
      const d = (x + y) % 2 === 0 ? 40 : -40;
      data.set(x < 8 ? [200, 30, 30, 255] : x < 16 ? [30, 30, 200, 255] : [30 + d, 30 + d, 200 + d, 255], 4 * i);
    }
    const bands = { width: w, height: 8, labels: Int32Array.from({ length: w * 8 }, (_, i) => Math.floor((i % w) / 8)) };
    const img = { width: w, height: 8, data };
    const colourOnly = cutHierarchyAtCount(regionMergeHierarchy(bands, img, EXACT), 2).labels;
    expect(colourOnly[8]).toBe(colourOnly[16]); // blue joins its checkerboard first
    expect(colourOnly[0]).not.toBe(colourOnly[8]);
    const textured = cutHierarchyAtCount(regionMergeHierarchy(bands, img, { ...EXACT, textureWeight: 1 }), 2).labels;
    expect(textured[0]).toBe(textured[8]); // the two flat bands first
    expect(textured[8]).not.toBe(textured[16]);
    expect(() => resolveRegionMergeOptions({ textureWeight: 1.5 })).toThrow(/textureWeight must be a number in \[0, 1\]/);
  });

  it('with gradientWeight 1, merges at 100 times the mean oriented gradient along the boundary', () => {
    // Grey 60 | 190 at column 12 of 24x8; one partition cut on the edge, one cut beside it.
    const w = 24;
    const data = new Uint8ClampedArray(w * 8 * 4);
    for (let i = 0; i < w * 8; i++) {
      const v = i % w < 12 ? 60 : 190;
      data.set([v, v, v, 255], 4 * i);
    }
    const img = { width: w, height: 8, data };
    const cutAt = (c: number): LabelMap => ({ width: w, height: 8, labels: Int32Array.from({ length: w * 8 }, (_, i) => (i % w < c ? 0 : 1)) });
    const g = { ...EXACT, gradientWeight: 1, gradientRadius: 3 };
    const onEdge = regionMergeHierarchy(cutAt(12), img, g).heights[0];
    const offEdge = regionMergeHierarchy(cutAt(4), img, g).heights[0];
    const lab = rgbaToLab(data);
    const grad = orientedGradient(lab, textureCodes(lab, w, 8).lbp, cutAt(12).labels, w, 8, { radius: 3 }).horizontal;
    let mean = 0;
    for (let y = 0; y < 8; y++) mean += grad[y * w + 11] / 8;
    expect(onEdge).toBeCloseTo(100 * mean, 4);
    expect(onEdge).toBeGreaterThan(20);
    expect(offEdge).toBe(0);
    // Two scales: the mean of radius 3 and radius 1.5.
    const half = orientedGradient(lab, textureCodes(lab, w, 8).lbp, cutAt(12).labels, w, 8, { radius: 1.5 }).horizontal;
    let meanHalf = 0;
    for (let y = 0; y < 8; y++) meanHalf += half[y * w + 11] / 8;
    expect(meanHalf).not.toBeCloseTo(mean, 2);
    expect(regionMergeHierarchy(cutAt(12), img, { ...g, gradientScales: 2 }).heights[0]).toBeCloseTo(50 * (mean + meanHalf), 4);
    expect(() => resolveRegionMergeOptions({ gradientRadius: 0 })).toThrow(/gradientRadius/);
    expect(() => resolveRegionMergeOptions({ gradientScales: 4 })).toThrow(/gradientScales/);
  });

  it('with spectralWeight 1, still nests, ends in one region and keeps the strongest split for last', () => {
    const h = regionMergeHierarchy(partition, image, { ...EXACT, spectralWeight: 1 });
    for (let k = 1; k < h.heights.length; k++) expect(h.heights[k]).toBeGreaterThanOrEqual(h.heights[k - 1]);
    expect(cutHierarchy(h, Infinity).count).toBe(1);
    const two = cutHierarchyAtCount(h, 2);
    expect(two.labels[0]).toBe(two.labels[12]);
    expect(two.labels[0]).not.toBe(two.labels[20]);
    // Above SPECTRAL_MAX_REGIONS regions the term is left out.
    const many = tiles(24, 20, 1);
    const img = bandImage(24, 20, [[0, 12, 200, 30, 30], [12, 24, 30, 30, 200]]);
    expect(24 * 20).toBeGreaterThan(SPECTRAL_MAX_REGIONS);
    const off = regionMergeHierarchy(many, img, EXACT).heights;
    expect(Array.from(regionMergeHierarchy(many, img, { ...EXACT, spectralWeight: 1 }).heights)).toEqual(Array.from(off));
    expect(() => resolveRegionMergeOptions({ spectralDims: 0 })).toThrow(/spectralDims/);
    expect(() => resolveRegionMergeOptions({ spectralSigma: 0 })).toThrow(/spectralSigma/);
    // A sharper affinity scale gives another hierarchy of the same partition.
    const sharp = regionMergeHierarchy(partition, image, { ...EXACT, spectralWeight: 1, spectralSigma: 0.05 });
    expect(Array.from(sharp.heights)).not.toEqual(Array.from(h.heights));
  });

  it('has nothing to merge in a one-region partition', () => {
    const one = regionMergeHierarchy({ width: 24, height: 8, labels: new Int32Array(24 * 8).fill(5) }, image, EXACT);
    expect(one.count).toBe(1);
    expect(one.into.length).toBe(0);
    expect(Array.from(cutHierarchyAtCount(one, 3).labels.slice(0, 3))).toEqual([0, 0, 0]);
  });

  it('refuses bad options and mismatched sizes', () => {
    for (const bad of [{ sigma: -1 }, { boundaryWeight: 2 }, { smallArea: Number.NaN }, { smallPower: -1 }, { histogramWeight: 1.5 }, { sameClusterFactor: -0.1 }, { contrastReach: 1.5 }, { contrastReach: 17 }]) {
      expect(() => resolveRegionMergeOptions(bad)).toThrow(RangeError);
    }
    expect(resolveRegionMergeOptions({})).toEqual(resolveRegionMergeOptions());
    expect(() => regionMergeHierarchy(tiles(10, 8, 4), image)).toThrow(/image is 24x8, the partition 10x8/);
    expect(() => regionMergeHierarchy(partition, image, {}, tiles(10, 8, 4))).toThrow(/guide is 10x8/);
    const h = regionMergeHierarchy(partition, image, EXACT);
    expect(() => cutHierarchyAtCount(h, 0)).toThrow(RangeError);
    expect(() => cutHierarchy(h, Number.NaN)).toThrow(RangeError);
  });
});
