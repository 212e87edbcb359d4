import type { Contingency } from './contingency';

export interface RegionOverlap {
  /** Per ground-truth region v: max over segmentation regions u of |u∩v| / |u∪v|. */
  readonly bestForColumn: Float64Array;
  /** Per segmentation region u: max over ground-truth regions v of |u∩v| / |u∪v|. */
  readonly bestForRow: Float64Array;
}

/**
 * The best overlap (intersection over union) of every region with the regions of the other
 * partition: the `matches` of the official benchmark (match_segmentations.m), where
 * |u∩v| / |u∪v| = n_uv / (a_u + b_v - n_uv). Cells with n_uv = 0 give 0, so only non-zero
 * cells are visited.
 */
export function regionOverlap(table: Contingency): RegionOverlap {
  const { rowSums, colSums, u, v, n } = table;
  const bestForColumn = new Float64Array(table.cols);
  const bestForRow = new Float64Array(table.rows);
  for (let i = 0; i < n.length; i++) {
    const r = u[i];
    const c = v[i];
    const iou = n[i] / (rowSums[r] + colSums[c] - n[i]);
    if (iou > bestForColumn[c]) bestForColumn[c] = iou;
    if (iou > bestForRow[r]) bestForRow[r] = iou;
  }
  return { bestForColumn, bestForRow };
}
