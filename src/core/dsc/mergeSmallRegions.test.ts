import { describe, expect, it } from 'vitest';
import { mergeSmallRegions, resolveMergeSmallRegionsOptions } from './mergeSmallRegions';
import { splitConnectedComponents } from './splitConnectedComponents';

/** A map from rows of characters, one label per character. */
function fromRows(rows: string[]): { labels: Int32Array; width: number; height: number } {
  const width = rows[0].length;
  return { labels: Int32Array.from(rows.join(''), (c) => c.charCodeAt(0)), width, height: rows.length };
}

function randomSplitMap(seed: number, width: number, height: number): Int32Array {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  // Blocks of 3x3 with 5 random labels, then split: many regions of many sizes.
  const labels = new Int32Array(width * height);
  const bw = Math.ceil(width / 3);
  const block = Array.from({ length: bw * Math.ceil(height / 3) }, () => Math.floor(rand() * 5));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) labels[y * width + x] = block[Math.floor(y / 3) * bw + Math.floor(x / 3)];
  return splitConnectedComponents(labels, width, height).labels;
}

describe('mergeSmallRegions', () => {
  it('keeps the partition with the default 0, only renumbering in order of first appearance', () => {
    const m = fromRows(['aabb', 'ccbb', 'ccdd']);
    const out = mergeSmallRegions(m.labels, m.width, m.height);
    expect(out.count).toBe(4);
    expect(Array.from(out.labels)).toEqual([0, 0, 1, 1, 2, 2, 1, 1, 2, 2, 3, 3]);
  });

  it('gives a small region to the neighbour with the longest shared boundary', () => {
    // x (2 px) touches a along 1 pixel pair and b along 5.
    const m = fromRows(['aaaabbbb', 'aaaaxxbb', 'aaaabbbb', 'aaaabbbb']);
    const out = mergeSmallRegions(m.labels, m.width, m.height, { minAreaFraction: 3 / 32 });
    expect(out.count).toBe(2);
    const b = out.labels[7];
    expect(out.labels[1 * 8 + 4]).toBe(b);
    expect(out.labels[1 * 8 + 5]).toBe(b);
    expect(out.labels[0]).not.toBe(b);
  });

  it('takes the smallest region first, so fragments join their surroundings before big regions meet', () => {
    // y (1 px) lies inside x (8 px); x borders a along 5 pixel pairs and b along 7. With a
    // threshold of 10 px, y joins x first (its only neighbour), then x (9 px) joins b.
    const m = fromRows(['aaaaabbbbb', 'aaaaxxxbbb', 'aaaaxyxbbb', 'aaaaxxxbbb', 'aaaaabbbbb']);
    const out = mergeSmallRegions(m.labels, m.width, m.height, { minAreaFraction: 10 / 50 });
    expect(out.count).toBe(2);
    for (const i of [14, 15, 16, 24, 25, 26, 34, 35, 36]) expect(out.labels[i]).toBe(out.labels[9]);
    expect(out.labels[0]).not.toBe(out.labels[9]);
  });

  it('on random split maps: a coarsening whose regions are connected and all at least the minimum', () => {
    const [width, height] = [37, 23];
    for (const seed of [1, 2, 3]) {
      const input = randomSplitMap(seed, width, height);
      for (const fraction of [0.01, 0.05, 0.2]) {
        const { labels, count } = mergeSmallRegions(input, width, height, { minAreaFraction: fraction });
        const areas = new Map<number, number>();
        for (const l of labels) areas.set(l, (areas.get(l) ?? 0) + 1);
        expect(areas.size).toBe(count);
        if (count > 1) expect(Math.min(...areas.values())).toBeGreaterThanOrEqual(fraction * width * height);
        // Every input region lands in exactly one output region.
        const to = new Map<number, number>();
        for (let i = 0; i < labels.length; i++) {
          const seen = to.get(input[i]);
          if (seen === undefined) to.set(input[i], labels[i]);
          else expect(labels[i]).toBe(seen);
        }
        expect(splitConnectedComponents(labels, width, height).count).toBe(count);
      }
    }
  });

  it('stops at one region, and leaves its input untouched', () => {
    const m = fromRows(['ab', 'cd']);
    const before = Int32Array.from(m.labels);
    const out = mergeSmallRegions(m.labels, m.width, m.height, { minAreaFraction: 0.99 });
    expect(out.count).toBe(1);
    expect(Array.from(out.labels)).toEqual([0, 0, 0, 0]);
    expect(m.labels).toEqual(before);
  });

  it('refuses nonsense options and mismatched sizes with a clear message', () => {
    for (const bad of [-0.1, 1, Number.NaN, Infinity]) {
      expect(() => resolveMergeSmallRegionsOptions({ minAreaFraction: bad })).toThrow(/minAreaFraction must be a number in \[0, 1\)/);
    }
    expect(resolveMergeSmallRegionsOptions()).toEqual({ minAreaFraction: 0 });
    expect(() => mergeSmallRegions(new Int32Array(5), 2, 2)).toThrow(/expected 4 labels for 2x2, got 5/);
  });
});
