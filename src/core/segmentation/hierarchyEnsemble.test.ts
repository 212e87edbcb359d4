import { describe, expect, it } from 'vitest';
import type { LabelMap } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import { cutEnsemble, hierarchyEnsemble } from './hierarchyEnsemble';
import { cutHierarchy, regionMergeHierarchy, type RegionMergeOptions } from './regionMergeHierarchy';

// 16x4: four 4-column bands, red | dark red | blue | dark blue.
const width = 16;
const height = 4;
const colours = [
  [200, 30, 30],
  [170, 30, 30],
  [30, 30, 200],
  [30, 30, 150],
];
const image: RgbaImage = {
  width,
  height,
  data: Uint8ClampedArray.from({ length: width * height * 4 }, (_, k) => {
    const i = k >> 2;
    return k % 4 === 3 ? 255 : colours[Math.floor((i % width) / 4)][k % 4];
  }),
};
/** A partition into vertical strips of `w` columns. */
const strips = (w: number): LabelMap => ({ width, height, labels: Int32Array.from({ length: width * height }, (_, i) => Math.floor((i % width) / w)) });
const EXACT: RegionMergeOptions = { sigma: 0, smallPower: 0, histogramWeight: 0, textureWeight: 0, gradientWeight: 0, spectralWeight: 0 };
const row = (labels: Int32Array): number[] => Array.from(labels.slice(0, width));

describe('hierarchyEnsemble', () => {
  const base = strips(2); // 8 regions, two per band
  const fine = regionMergeHierarchy(base, image, EXACT);

  it('with one member, cuts as that hierarchy does at every height', () => {
    const e = hierarchyEnsemble(base, [fine]);
    expect(e.count).toBe(8);
    for (const t of [0, 1, 5, 10, 20, 50, 1000]) {
      expect(row(cutEnsemble(e, t).labels)).toEqual(row(cutHierarchy(fine, t).labels));
    }
  });

  /** The height at which `h` joins pixels p and q of the first row. */
  const joinHeight = (h: ReturnType<typeof regionMergeHierarchy>, p: number, q: number): number => {
    const t = Array.from(h.heights).find((v) => {
      const c = cutHierarchy(h, v).labels;
      return c[p] === c[q];
    });
    if (t === undefined) throw new Error('never joined');
    return t;
  };

  it('averages the members: a boundary the coarser member lacks counts half', () => {
    const coarse = regionMergeHierarchy(strips(8), image, EXACT); // red + dark red | blue + dark blue
    const e = hierarchyEnsemble(base, [fine, coarse]);
    const pairHeight = (a: number, b: number): number => e.heights[Array.from(e.a).findIndex((x, k) => x === a && e.b[k] === b)];
    // Regions 1 | 2 (red | dark red, x = 3 | 4): the coarse member has no boundary there.
    expect(pairHeight(1, 2)).toBeCloseTo(joinHeight(fine, 3, 4) / 2, 6);
    // Regions 3 | 4 (dark red | blue, x = 7 | 8): both members join them at their own heights.
    expect(pairHeight(3, 4)).toBeCloseTo((joinHeight(fine, 7, 8) + joinHeight(coarse, 7, 8)) / 2, 6);
    expect(pairHeight(0, 1)).toBe(0);
    // Cuts are nested and end in one region.
    let previous = cutEnsemble(e, -1);
    expect(previous.count).toBe(8);
    for (const t of [0.5, 2, 5, 10, 20, 40, 80, 1000]) {
      const c = cutEnsemble(e, t);
      expect(c.count).toBeLessThanOrEqual(previous.count);
      previous = c;
    }
    expect(previous.count).toBe(1);
  });

  it('refuses no members, a member of another size and a member that splits a base region', () => {
    expect(() => hierarchyEnsemble(base, [])).toThrow(/at least one/);
    const split = regionMergeHierarchy(strips(1), image, EXACT);
    expect(() => hierarchyEnsemble(base, [fine, split])).toThrow(/hierarchy 1 splits base region 0/);
    const small: RgbaImage = { width: 8, height, data: new Uint8ClampedArray(8 * height * 4) };
    const other = regionMergeHierarchy({ width: 8, height, labels: new Int32Array(8 * height) }, small, EXACT);
    expect(() => hierarchyEnsemble(base, [other])).toThrow(/hierarchy 0 is 8x4/);
    expect(() => cutEnsemble(hierarchyEnsemble(base, [fine]), Number.NaN)).toThrow(/threshold/);
  });
});
