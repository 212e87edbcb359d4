import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetricEigen';

describe('symmetricEigen', () => {
  it('solves a 2x2 matrix exactly', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    // Column 0 is (1, 1) / sqrt 2 up to sign.
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0] * vectors[2]).toBeGreaterThan(0);
  });

  it('gives A v = lambda v with orthonormal vectors, eigenvalues descending, for a random matrix', () => {
    let s = 11;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    const n = 15;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rand();
    const copy = a.slice();
    const { values, vectors } = symmetricEigen(a, n);
    expect(Array.from(a)).toEqual(Array.from(copy));
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    let worst = 0;
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + k];
        worst = Math.max(worst, Math.abs(av - values[k] * vectors[i * n + k]));
      }
      for (let m = 0; m < n; m++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + k] * vectors[i * n + m];
        worst = Math.max(worst, Math.abs(dot - (k === m ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-10);
    // The trace is the sum of the eigenvalues.
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    expect(values.reduce((x, y) => x + y, 0)).toBeCloseTo(trace, 10);
  });

  it('refuses a matrix of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/n x n/);
  });
});
