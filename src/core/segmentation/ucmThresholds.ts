/**
 * The thresholds of the official BSDS500 region benchmark for an ultrametric contour map:
 * MATLAB's linspace(1/(n+1), 1-1/(n+1), n), computed the way MATLAB computes it
 * (d1 + k*(d2-d1)/(n-1), ends exact) so that values equal to a threshold fall on the same side.
 */
export function ucmThresholds(n: number): number[] {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`nthresh: expected an integer >= 1, got ${n}`);
  const d1 = 1 / (n + 1);
  const d2 = 1 - 1 / (n + 1);
  const n1 = n - 1;
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(d1 + (k * (d2 - d1)) / n1);
  out[0] = d1;
  out[n - 1] = d2;
  return out;
}
