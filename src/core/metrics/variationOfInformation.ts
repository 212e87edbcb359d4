import type { Contingency } from './contingency';

/**
 * Variation of information in bits, VI = H(S) + H(G) - 2 I(S;G), from the contingency table,
 * as the BSDS500 benchmark computes it (compare_segmentations.m), with p = n/N and 0 log 0 = 0.
 */
export function variationOfInformation(table: Contingency): number {
  const { rowSums, colSums, u, v, n, total } = table;
  const entropy = (sums: Float64Array): number => {
    let h = 0;
    for (let i = 0; i < sums.length; i++) {
      const p = sums[i] / total;
      if (p > 0) h -= p * Math.log2(p);
    }
    return h;
  };
  let mi = 0;
  for (let i = 0; i < n.length; i++) {
    const pj = n[i] / total;
    mi += pj * Math.log2(pj / ((rowSums[u[i]] / total) * (colSums[v[i]] / total)));
  }
  return entropy(rowSums) + entropy(colSums) - 2 * mi;
}
