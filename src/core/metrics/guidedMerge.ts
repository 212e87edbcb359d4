/**
 * A ceiling for any method that only merges superpixels, DSC included: every superpixel joins
 * the human region it overlaps most. Done once per human segmentation of the image; the merge
 * whose segmentation covering (SC, the benchmark's main region score) is highest against all of
 * them is kept. It uses the ground truth, so it is an analysis tool, never a segmentation method:
 * the gap between a method's score and this one is what better merging could still win, and the
 * gap between this one and a target is what the superpixels themselves cost.
 */
import type { LabelMap } from '../image/LabelMap';
import { contingency } from './contingency';
import { scoreCoarsenings, type Coarsening } from './evaluateImage';

export interface GuidedMerge {
  /** The merged partition, labels 0..count-1, numbered by first appearance. */
  readonly labels: Int32Array;
  readonly count: number;
  /** Which human segmentation (0-based) guided the kept merge. */
  readonly guide: number;
  /** Its segmentation covering against all the human segmentations (0..1). */
  readonly covering: number;
}

/**
 * Merges the superpixels `base` (0-based labels) guided by the human segmentations `gts` of the
 * same size. Ties between guides go to the first.
 */
export function guidedMerge(base: LabelMap, gts: readonly LabelMap[]): GuidedMerge {
  const tables = gts.map((g) => contingency(base, g, 'superpixels'));
  // One coarsening per guide: superpixel u -> the guide's region with the largest overlap n_uv.
  const coarsenings: Coarsening[] = tables.map((t) => {
    const best = new Float64Array(t.rows);
    const map = new Int32Array(t.rows);
    for (let i = 0; i < t.u.length; i++) {
      // Cells are sorted by column within a row, so a tie keeps the lower region label.
      if (t.n[i] > best[t.u[i]]) {
        best[t.u[i]] = t.n[i];
        map[t.u[i]] = t.v[i];
      }
    }
    return { map, count: t.cols };
  });
  // SC = cntR / sumR per setting (evaluation_reg_image.m), the covering of the humans' regions.
  const scores = scoreCoarsenings(tables, coarsenings).settings;
  let guide = 0;
  for (let k = 1; k < scores.length; k++) {
    if (scores[k].cntR / scores[k].sumR > scores[guide].cntR / scores[guide].sumR) guide = k;
  }
  const { map } = coarsenings[guide];
  const renumber = new Map<number, number>();
  const labels = new Int32Array(base.labels.length);
  for (let i = 0; i < labels.length; i++) {
    const region = map[base.labels[i]];
    let l = renumber.get(region);
    if (l === undefined) {
      l = renumber.size;
      renumber.set(region, l);
    }
    labels[i] = l;
  }
  return {
    labels,
    count: renumber.size,
    guide,
    covering: scores[guide].cntR / scores[guide].sumR,
  };
}
