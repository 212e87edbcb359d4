import { describe, expect, it } from 'vitest';
import type { LabelMap } from '../image/LabelMap';
import { evaluateImage } from './evaluateImage';
import { guidedMerge } from './guidedMerge';

const map = (width: number, labels: number[]): LabelMap => ({
  width,
  height: labels.length / width,
  labels: Int32Array.from(labels),
});

describe('guidedMerge', () => {
  it('recovers a human segmentation exactly from superpixels that refine it', () => {
    // 4x3: superpixels are 2x1 blocks; the human drew a left and a right half.
    const base = map(4, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const gt = map(4, [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]);
    const m = guidedMerge(base, [gt]);
    expect(m.count).toBe(2);
    expect(Array.from(m.labels)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
    expect(m.covering).toBeCloseTo(1, 12);
    expect(m.guide).toBe(0);
  });

  it('gives a superpixel that straddles two regions to the one it overlaps most', () => {
    // 5x1: superpixel 0 = pixels 0-2, superpixel 1 = pixels 3-4; the human cut after pixel 1.
    const base = map(5, [0, 0, 0, 1, 1]);
    const gt = map(5, [0, 0, 1, 1, 1]);
    const m = guidedMerge(base, [gt]);
    // Superpixel 0 has 2 pixels in region 0 and 1 in region 1: it joins region 0.
    expect(Array.from(m.labels)).toEqual([0, 0, 0, 1, 1]);
    // Region 0 {0,1} vs segment {0,1,2}: 2/3; region 1 {2,3,4} vs {3,4}: 2/3.
    expect(m.covering).toBeCloseTo(2 / 3, 12);
  });

  it('keeps the guide whose merge covers all the humans best, with the benchmark covering', () => {
    // 6x1, one superpixel per pixel. Human A: halves; human B: thirds.
    const base = map(6, [0, 1, 2, 3, 4, 5]);
    const a = map(6, [0, 0, 0, 1, 1, 1]);
    const b = map(6, [0, 0, 1, 1, 2, 2]);
    const m = guidedMerge(base, [a, b]);
    // Thirds cover A at 2/3 per half and B at 1: (4 + 6) / 12; halves only (6 + 19/6) / 12.
    expect(m.guide).toBe(1);
    expect(Array.from(m.labels)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(m.covering).toBeCloseTo(10 / 12, 12);
    const s = evaluateImage([{ width: 6, height: 1, labels: m.labels }], [a, b]).settings[0];
    expect(s.cntR / s.sumR).toBeCloseTo(m.covering, 12);
  });

  it('refuses superpixels of another size than the human segmentations, or no human segmentation', () => {
    expect(() => guidedMerge(map(2, [0, 1]), [map(3, [0, 0, 1])])).toThrow(/size 2x1 does not match/);
    expect(() => guidedMerge(map(2, [0, 1]), [])).toThrow(/no ground-truth segmentations/);
  });
});
