import type { LabelMap } from '../image/LabelMap';
import { ucmHierarchy, type UcmMap } from './ucmHierarchy';

/**
 * The segmentation of a BSDS500 ucm2 map at one threshold: 8-connected components of
 * `ucm2 <= threshold`, every second row and column from the second. Labels are 0-based in
 * row-major order of first appearance.
 */
export function ucmToLabels(ucm: UcmMap, threshold: number): LabelMap {
  const { base, levels } = ucmHierarchy(ucm, [threshold]);
  const { map } = levels[0];
  return { width: base.width, height: base.height, labels: base.labels.map((l) => map[l]) };
}
