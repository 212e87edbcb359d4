import { describe, expect, it } from 'vitest';
import type { LabelMap } from '../image/LabelMap';
import { searchForCount, withinTolerance } from './targetCount';

/** A label map with exactly `count` labels, for driving the search with a known response. */
function mapWith(count: number): LabelMap {
  const labels = new Int32Array(Math.max(count, 1));
  for (let i = 0; i < labels.length; i++) labels[i] = i;
  return { width: labels.length, height: 1, labels };
}

describe('searchForCount', () => {
  it('finds a parameter for a smooth decreasing response in a few steps', () => {
    const calls: number[] = [];
    const r = searchForCount({
      target: 50, lo: 1e-3, hi: 1e7, initial: 10, integer: false, log: true, increasing: false, maxSteps: 20,
      run: (k) => {
        calls.push(k);
        return mapWith(Math.max(1, Math.round(20000 / k)));
      },
    });
    expect(withinTolerance(r.count, 50)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(6);
    expect(r.tried).toHaveLength(calls.length);
  });

  it('returns the closest count when the response jumps over the target', () => {
    // counts 80 below 5 and 30 from 5 on: nothing within 10% of 50 exists
    const r = searchForCount({
      target: 50, lo: 1, hi: 1000, initial: 100, integer: true, log: true, increasing: false, maxSteps: 40,
      run: (p) => mapWith(p < 5 ? 80 : 30),
    });
    expect(r.count).toBe(30); // |30 - 50| < |80 - 50|
    expect(r.tried.length).toBeLessThan(40); // stops once the integer bracket is exhausted
  });

  it('works for an increasing integer parameter', () => {
    const r = searchForCount({
      target: 100, lo: 1, hi: 100000, initial: 100, integer: true, log: true, increasing: true, maxSteps: 20,
      run: (n) => mapWith(Math.floor(n * 0.7)),
    });
    expect(withinTolerance(r.count, 100)).toBe(true);
    expect(Number.isInteger(r.param)).toBe(true);
  });
});
