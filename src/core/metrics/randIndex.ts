import type { Contingency } from './contingency';

/**
 * Rand index of two partitions from their contingency table, as the BSDS500 benchmark
 * computes it (compare_segmentations.m):
 * RI = 1 - (sum_u a_u^2/2 + sum_v b_v^2/2 - sum_uv n_uv^2) / (N(N-1)/2).
 * The fraction of pixel pairs on which the partitions agree (same region in both, or
 * different regions in both). NaN for a single pixel, like the official code.
 */
export function randIndex(table: Contingency): number {
  const { rowSums, colSums, n, total } = table;
  let sa = 0;
  for (let i = 0; i < rowSums.length; i++) sa += rowSums[i] * rowSums[i];
  let sb = 0;
  for (let i = 0; i < colSums.length; i++) sb += colSums[i] * colSums[i];
  let sn = 0;
  for (let i = 0; i < n.length; i++) sn += n[i] * n[i];
  const pairs = (total * (total - 1)) / 2;
  return 1 - (sa / 2 + sb / 2 - sn) / pairs;
}
