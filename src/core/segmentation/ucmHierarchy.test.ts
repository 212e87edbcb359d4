import { describe, expect, it } from 'vitest';
import { relabelByFirstAppearance } from '../image/LabelMap';
import { ucmHierarchy, type UcmMap } from './ucmHierarchy';
import { ucmThresholds } from './ucmThresholds';
import { ucmToLabels } from './ucmToLabels';

/** Independent reference: flood fill of `ucm <= t` with 8-connectivity, then pixel positions. */
function referenceLabels(ucm: UcmMap, t: number): Int32Array {
  const { width: W2, height: H2, data } = ucm;
  const comp = new Int32Array(W2 * H2).fill(-1);
  let next = 0;
  for (let s = 0; s < W2 * H2; s++) {
    if (comp[s] >= 0 || data[s] > t) continue;
    const stack = [s];
    comp[s] = next;
    while (stack.length) {
      const e = stack.pop()!;
      const y = Math.floor(e / W2);
      const x = e % W2;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= H2 || xx < 0 || xx >= W2) continue;
          const n = yy * W2 + xx;
          if (comp[n] < 0 && data[n] <= t) {
            comp[n] = next;
            stack.push(n);
          }
        }
      }
    }
    next++;
  }
  const out: number[] = [];
  for (let y = 1; y < H2; y += 2) for (let x = 1; x < W2; x += 2) out.push(comp[y * W2 + x]);
  return relabelByFirstAppearance(out).labels;
}

/** A random ucm-like map: pixel positions 0, other grid elements random levels. */
function randomUcm(H: number, W: number, seed: number): UcmMap {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const W2 = 2 * W + 1;
  const H2 = 2 * H + 1;
  const data = new Float64Array(W2 * H2);
  for (let y = 0; y < H2; y++) {
    for (let x = 0; x < W2; x++) {
      if (y % 2 === 1 && x % 2 === 1) continue;
      data[y * W2 + x] = rand() < 0.3 ? 0 : Math.round(rand() * 10) / 10;
    }
  }
  return { width: W2, height: H2, data };
}

describe('ucmHierarchy', () => {
  const thresholds = [0.1, 0.3, 0.5, 0.5, 0.7, 0.95];

  it('gives at each threshold the partition of 8-connected components of ucm <= t', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const ucm = randomUcm(7 + seed, 9, seed);
      const h = ucmHierarchy(ucm, thresholds);
      expect(h.levels).toHaveLength(thresholds.length);
      // The random maps do merge regions as the threshold rises.
      expect(h.levels[0].count).toBeGreaterThan(h.levels[thresholds.length - 1].count);
      expect(Array.from(h.base.labels)).toEqual(Array.from(referenceLabels(ucm, thresholds[0])));
      thresholds.forEach((t, k) => {
        const { map, count } = h.levels[k];
        const labels = Array.from(h.base.labels, (l) => map[l]);
        expect(labels).toEqual(Array.from(referenceLabels(ucm, t)));
        expect(count).toBe(Math.max(...labels) + 1);
      });
    }
  });

  it('joins diagonal neighbours (8-connectivity) and values equal to the threshold', () => {
    // 1x2 pixels separated by an edge of 0.5; threshold 0.5 merges them, 0.4 does not.
    const ucm: UcmMap = {
      width: 5,
      height: 3,
      data: Float64Array.from([1, 1, 1, 1, 1, 1, 0, 0.5, 0, 1, 1, 1, 1, 1, 1]),
    };
    expect(Array.from(ucmToLabels(ucm, 0.4).labels)).toEqual([0, 1]);
    expect(Array.from(ucmToLabels(ucm, 0.5).labels)).toEqual([0, 0]);
    // 2x2 pixels; only the centre corner element is low: all four join through it diagonally.
    const d = new Float64Array(25).fill(1);
    for (const e of [6, 8, 16, 18, 12]) d[e] = 0;
    expect(Array.from(ucmToLabels({ width: 5, height: 5, data: d }, 0.5).labels)).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('rejects maps that are not (2H+1)x(2W+1), unsorted thresholds and high pixel positions', () => {
    expect(() => ucmHierarchy({ width: 4, height: 3, data: new Float64Array(12) }, [0.5])).toThrow(
      /\(2H\+1\)x\(2W\+1\)/,
    );
    expect(() => ucmHierarchy(randomUcm(2, 2, 1), [0.5, 0.2])).toThrow(/ascending/);
    const ucm = randomUcm(2, 2, 1);
    (ucm.data as Float64Array)[1 * 5 + 3] = 0.9;
    expect(() => ucmHierarchy(ucm, [0.5])).toThrow(/pixel position row 2, column 4 has value 0.9/);
  });
});

describe('ucmThresholds', () => {
  it('is MATLAB linspace(1/(n+1), 1-1/(n+1), n)', () => {
    expect(ucmThresholds(5)).toEqual([
      1 / 6,
      1 / 6 + (1 * (5 / 6 - 1 / 6)) / 4,
      0.5,
      1 / 6 + (3 * (5 / 6 - 1 / 6)) / 4,
      5 / 6,
    ]);
    expect(ucmThresholds(1)).toEqual([0.5]);
    const t = ucmThresholds(99);
    expect([t.length, t[0], t[98]]).toEqual([99, 0.01, 0.99]);
    expect(() => ucmThresholds(0)).toThrow(/nthresh/);
  });
});
