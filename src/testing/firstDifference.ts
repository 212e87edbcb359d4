/**
 * Index of the first element where two typed arrays differ (bit for bit, NaN equal to NaN), the
 * shorter length if one is a prefix of the other, or -1 when they are equal. Tests compare large
 * outputs with it: `toEqual` on arrays of 10^5 elements takes seconds.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : n;
}
