import { describe, expect, it } from 'vitest';
import { spectralEmbedding } from './spectralEmbedding';

describe('spectralEmbedding', () => {
  // Two 4-cliques (0-3, 4-7) joined by one weak edge 3-4.
  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  for (const base of [0, 4]) {
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++) {
        a.push(base + i);
        b.push(base + j);
        w.push(1);
      }
    }
  }
  a.push(3);
  b.push(4);
  w.push(0.01);

  it('puts the two clusters of a graph apart on its first coordinate, each cluster close together', () => {
    const dims = 3;
    const y = spectralEmbedding(8, a, b, w, dims);
    const first = Array.from({ length: 8 }, (_, i) => y[i * dims]);
    const left = first.slice(0, 4);
    const right = first.slice(4);
    expect(Math.sign(left[0])).not.toBe(Math.sign(right[0]));
    for (const v of left) expect(Math.sign(v)).toBe(Math.sign(left[0]));
    for (const v of right) expect(Math.sign(v)).toBe(Math.sign(right[0]));
    const spread = Math.max(...left) - Math.min(...left);
    const gap = Math.abs(left[0] - right[0]);
    expect(spread).toBeLessThan(0.2 * gap);
  });

  it('weighs the coarse split most: the first coordinate spreads wider than the later ones', () => {
    const dims = 3;
    const y = spectralEmbedding(8, a, b, w, dims);
    const range = (j: number): number => {
      const v = Array.from({ length: 8 }, (_, i) => y[i * dims + j]);
      return Math.max(...v) - Math.min(...v);
    };
    expect(range(0)).toBeGreaterThan(3 * range(1));
  });

  it('refuses bad edges and dims', () => {
    expect(() => spectralEmbedding(3, [0], [3], [1], 2)).toThrow(/edge 0/);
    expect(() => spectralEmbedding(3, [0], [1], [-1], 2)).toThrow(/edge 0/);
    expect(() => spectralEmbedding(3, [0], [1], [1, 2], 2)).toThrow(/one entry per edge/);
    expect(() => spectralEmbedding(3, [0], [1], [1], 0)).toThrow(/dims/);
  });
});
