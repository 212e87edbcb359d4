import { describe, expect, it } from 'vitest';
import type { LabelMap } from '../image/LabelMap';
import { downscaleSuperpixels, resizeLabels, voteOnSuperpixels } from './superpixelsAtScale';

/** Vertical stripes of the given widths, labelled 0, 1, ... from the left. */
function stripes(widths: number[], height: number): LabelMap {
  const width = widths.reduce((a, b) => a + b, 0);
  const labels = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    let x = 0;
    widths.forEach((w, l) => {
      for (let i = 0; i < w; i++) labels[y * width + x++] = l;
    });
  }
  return { width, height, labels };
}

describe('superpixels at a working scale', () => {
  it('resizeLabels samples pixel centres', () => {
    const map = stripes([2, 2], 2); // 4x2: 0 0 1 1
    expect(Array.from(resizeLabels(map, 2, 1).labels)).toEqual([0, 1]);
    expect(Array.from(resizeLabels(map, 8, 1).labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(resizeLabels(map, 4, 2)).toBe(map);
  });

  it('downscaleSuperpixels renumbers contiguously when a thin superpixel vanishes', () => {
    const full = stripes([4, 1, 3, 4], 2); // stripe 1 is one pixel wide
    const small = downscaleSuperpixels(full, 6, 1); // samples x = 1, 3, 5, 7, 9, 11
    expect(Array.from(small.labels)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('voteOnSuperpixels gives each full-resolution superpixel its majority label', () => {
    // Working partition 4x1 [a a b b] up to 8x1 -> a a a a b b b b; superpixels [3, 3, 2] wide:
    // the middle one (x 3..5) sees a once and b twice.
    const partition: LabelMap = { width: 4, height: 1, labels: Int32Array.from([7, 7, 3, 3]) };
    const sp = stripes([3, 3, 2], 1);
    const out = voteOnSuperpixels(partition, sp);
    expect(Array.from(out.labels)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    // Ties go to the lowest label (before renumbering): superpixel x 2..5 sees a a b b.
    const tie = voteOnSuperpixels({ width: 2, height: 1, labels: Int32Array.from([5, 2]) }, stripes([2, 4, 2], 1));
    expect(Array.from(tie.labels)).toEqual([0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('a superpixel the working grid missed still gets a label (the one under it)', () => {
    const full = stripes([4, 1, 3], 1);
    const small = downscaleSuperpixels(full, 4, 1); // samples x = 1, 3, 5, 7: stripe 1 (x 4) gone
    expect(Array.from(small.labels)).toEqual([0, 0, 1, 1]);
    const out = voteOnSuperpixels({ width: 4, height: 1, labels: Int32Array.from([0, 0, 1, 1]) }, full);
    expect(Array.from(out.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('the sparse count (many superpixels x many labels) agrees with the dense one', () => {
    // 100x100 pixels, each its own superpixel, and a partition of 2500 labels at 50x50: m * k
    // = 10^4 * 2500 takes the sparse path; every pixel then takes the label under it.
    const n = 100;
    const sp: LabelMap = { width: n, height: n, labels: Int32Array.from({ length: n * n }, (_, i) => i) };
    const part: LabelMap = { width: 50, height: 50, labels: Int32Array.from({ length: 2500 }, (_, i) => (i * 7919) % 2500) };
    const out = voteOnSuperpixels(part, sp);
    const expected = resizeLabels(part, n, n).labels;
    // Same partition (renumbered): equal labels exactly where the expected ones are equal.
    const pairs = new Map<number, number>();
    for (let i = 0; i < expected.length; i++) {
      const seen = pairs.get(expected[i]);
      if (seen === undefined) pairs.set(expected[i], out.labels[i]);
      else expect(out.labels[i]).toBe(seen);
    }
    expect(new Set(out.labels).size).toBe(2500);
  });
});
