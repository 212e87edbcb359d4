import { describe, expect, it } from 'vitest';
import type { LabelMap } from '../image/LabelMap';
import { contingency, mergeRows } from './contingency';
import { evaluateCoarsenings, evaluateImage } from './evaluateImage';
import { randIndex } from './randIndex';
import { regionOverlap } from './regionOverlap';
import { variationOfInformation } from './variationOfInformation';

const map = (width: number, labels: number[]): LabelMap => ({
  width,
  height: labels.length / width,
  labels: Int32Array.from(labels),
});

// 2x2: segmentation splits top/bottom rows; ground truth isolates the top-left pixel.
const seg = map(2, [0, 0, 1, 1]);
const gt = map(2, [0, 1, 1, 1]);

describe('contingency', () => {
  it('counts pixels per (segment, ground-truth region) pair, sparsely', () => {
    const c = contingency(seg, gt);
    expect({ rows: c.rows, cols: c.cols, total: c.total }).toEqual({ rows: 2, cols: 2, total: 4 });
    expect(Array.from(c.rowSums)).toEqual([2, 2]);
    expect(Array.from(c.colSums)).toEqual([1, 3]);
    expect([Array.from(c.u), Array.from(c.v), Array.from(c.n)]).toEqual([
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 2],
    ]);
  });

  it('merges rows into the table of the coarser segmentation', () => {
    const fine = map(3, [0, 1, 2, 3, 1, 2]);
    const g = map(3, [0, 0, 1, 1, 1, 1]);
    const merged = mergeRows(contingency(fine, g), Int32Array.from([0, 1, 1, 0]), 2);
    const direct = contingency(map(3, [0, 1, 1, 0, 1, 1]), g);
    expect(merged).toEqual(direct);
  });

  it('rejects a size mismatch and negative labels', () => {
    expect(() => contingency(map(4, [0, 0, 0, 0]), gt, 'seg.png')).toThrow(
      /seg\.png: size 4x1 does not match .* 2x2/,
    );
    expect(() => contingency(map(2, [0, -1, 0, 0]), gt)).toThrow(/negative label -1/);
  });
});

describe('region scores on a hand-checked 2x2 case', () => {
  const c = contingency(seg, gt);

  it('Rand index: 3 of the 6 pixel pairs agree', () => {
    expect(randIndex(c)).toBeCloseTo(0.5, 12);
  });

  it('VI = H(S|G) + H(G|S) = (1 - 0.311278) + 0.5 bits', () => {
    const hg = -(0.25 * Math.log2(0.25) + 0.75 * Math.log2(0.75));
    const mi = hg - 0.5;
    expect(variationOfInformation(c)).toBeCloseTo(1 + hg - 2 * mi, 12);
    expect(variationOfInformation(c)).toBeCloseTo(1.188722, 6);
  });

  it('best overlaps: ground-truth regions 1/2 and 2/3, segments 1/2 and 2/3', () => {
    const o = regionOverlap(c);
    expect(Array.from(o.bestForColumn)).toEqual([0.5, 2 / 3]);
    expect(Array.from(o.bestForRow)).toEqual([0.5, 2 / 3]);
  });

  it('identical partitions score RI 1, VI 0 and overlap 1', () => {
    const same = contingency(gt, gt);
    expect(randIndex(same)).toBe(1);
    expect(variationOfInformation(same)).toBeCloseTo(0, 12);
    expect(Array.from(regionOverlap(same).bestForColumn)).toEqual([1, 1]);
  });
});

describe('evaluateImage', () => {
  it('sums covering over regions of all ground truths and averages RI and VI', () => {
    const whole = map(2, [0, 0, 0, 0]);
    const ev = evaluateImage([seg], [gt, whole]);
    const s = ev.settings[0];
    // gt: 1*0.5 + 3*(2/3) = 2.5; whole: 4 * best(2/4, 2/4) = 2.
    expect(s.cntR).toBeCloseTo(4.5, 12);
    expect(s.sumR).toBe(8);
    // Segments: 2*max(0.5, 0.25, 0.5) + 2*max(2/3, 0.5).
    expect(s.cntP).toBeCloseTo(1 + 4 / 3, 12);
    expect(s.sumP).toBe(4);
    // RI against `whole`: 2 of 6 pairs agree.
    expect(s.ri).toBeCloseTo((0.5 + 2 / 6) / 2, 12);
    expect(s.vi).toBeCloseTo((1.188722 + 1) / 2, 6);
  });

  it("keeps each ground-truth region's best overlap over the settings", () => {
    const ev = evaluateImage([seg, gt], [gt]);
    expect(Array.from(ev.bestRegionOverlap)).toEqual([1, 1]);
    expect(ev.cntRBest).toBe(4);
    expect(ev.settings[1].cntR).toBe(4);
  });

  it('gives the same scores from a base partition and its coarsenings', () => {
    const base = map(4, [0, 0, 1, 1, 2, 3, 3, 1, 2, 2, 4, 4]);
    const g1 = map(4, [0, 0, 0, 1, 0, 0, 1, 1, 2, 2, 2, 2]);
    const g2 = map(4, [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1]);
    const coarsenings = [
      { map: Int32Array.from([0, 1, 2, 3, 4]), count: 5 },
      { map: Int32Array.from([0, 1, 0, 1, 2]), count: 3 },
      { map: Int32Array.from([0, 0, 0, 0, 0]), count: 1 },
    ];
    const segs = coarsenings.map((c) => ({ ...base, labels: base.labels.map((l) => c.map[l]) }));
    const a = evaluateCoarsenings(base, coarsenings, [g1, g2]);
    const b = evaluateImage(segs, [g1, g2]);
    expect(a.settings.length).toBe(3);
    a.settings.forEach((s, i) => {
      for (const k of ['cntR', 'sumR', 'cntP', 'sumP', 'ri', 'vi'] as const)
        expect(s[k]).toBeCloseTo(b.settings[i][k], 12);
    });
    expect(a.cntRBest).toBeCloseTo(b.cntRBest, 12);
  });

  it('rejects ground truths of different sizes and empty inputs', () => {
    expect(() => evaluateImage([seg], [gt, map(4, [0, 0, 0, 0])])).toThrow(/ground truth 2 is 4x1/);
    expect(() => evaluateImage([], [gt])).toThrow(/no segmentations/);
    expect(() => evaluateImage([seg], [])).toThrow(/no ground-truth/);
  });
});
