/**
 * Region scores of one image at every setting (a segmentation per setting) against its human
 * segmentations, as evaluation_reg_image.m of the official BSDS500 benchmark computes them.
 */
import type { LabelMap } from '../image/LabelMap';
import { contingency, mergeRows, type Contingency } from './contingency';
import { randIndex } from './randIndex';
import { regionOverlap } from './regionOverlap';
import { variationOfInformation } from './variationOfInformation';

/** The scores of one segmentation (one setting) of one image. */
export interface SettingScore {
  /** Covering numerator: sum over ground-truth regions (of all G) of area x best overlap. */
  readonly cntR: number;
  /** Covering denominator: summed ground-truth region areas (G x pixels). */
  readonly sumR: number;
  /** The reverse covering (of the segmentation by the ground truth), "precision". */
  readonly cntP: number;
  readonly sumP: number;
  /** Rand index, averaged over the human segmentations. */
  readonly ri: number;
  /** Variation of information (bits), averaged over the human segmentations. */
  readonly vi: number;
}

export interface ImageEvaluation {
  /** One entry per setting, in setting order. */
  readonly settings: SettingScore[];
  /**
   * Per ground-truth region (the regions of G1, then G2, ...), its best overlap over all
   * settings: the "best" covering lets each region pick its setting.
   */
  readonly bestRegionOverlap: Float64Array;
  /** Sum of area x bestRegionOverlap: the image's share of the "best" covering. */
  readonly cntRBest: number;
}

/** A segmentation given as a union of the regions of a base partition. */
export interface Coarsening {
  /** New label (0..count-1) of each base label. */
  readonly map: Int32Array;
  readonly count: number;
}

function checkGroundTruths(gts: readonly LabelMap[]): void {
  if (gts.length === 0) throw new RangeError('no ground-truth segmentations');
  const { width, height } = gts[0];
  gts.forEach((g, i) => {
    if (g.width !== width || g.height !== height) {
      throw new RangeError(
        `ground truth ${i + 1} is ${g.width}x${g.height}, ground truth 1 is ${width}x${height}`,
      );
    }
  });
}

/** Scores one setting from its tables against each human segmentation. */
function scoreSetting(tables: readonly Contingency[], bestRegion: Float64Array): SettingScore {
  let ri = 0;
  let vi = 0;
  let cntR = 0;
  let sumR = 0;
  let offset = 0;
  const rows = tables[0].rows;
  const bestForRow = new Float64Array(rows);
  for (const t of tables) {
    ri += randIndex(t);
    vi += variationOfInformation(t);
    const o = regionOverlap(t);
    for (let c = 0; c < t.cols; c++) {
      const m = o.bestForColumn[c];
      cntR += t.colSums[c] * m;
      sumR += t.colSums[c];
      if (m > bestRegion[offset + c]) bestRegion[offset + c] = m;
    }
    offset += t.cols;
    for (let r = 0; r < rows; r++)
      if (o.bestForRow[r] > bestForRow[r]) bestForRow[r] = o.bestForRow[r];
  }
  let cntP = 0;
  let sumP = 0;
  const a = tables[0].rowSums;
  for (let r = 0; r < rows; r++) {
    cntP += a[r] * bestForRow[r];
    sumP += a[r];
  }
  return { cntR, sumR, cntP, sumP, ri: ri / tables.length, vi: vi / tables.length };
}

function finish(
  settings: SettingScore[],
  gtTables: readonly Contingency[],
  bestRegion: Float64Array,
): ImageEvaluation {
  let cntRBest = 0;
  let offset = 0;
  for (const t of gtTables) {
    for (let c = 0; c < t.cols; c++) cntRBest += t.colSums[c] * bestRegion[offset + c];
    offset += t.cols;
  }
  return { settings, bestRegionOverlap: bestRegion, cntRBest };
}

/**
 * Scores the segmentations `segs` (one per setting, 0-based labels) of one image against its
 * human segmentations `gts`. Throws on a size mismatch or a negative label.
 */
export function evaluateImage(
  segs: readonly LabelMap[],
  gts: readonly LabelMap[],
): ImageEvaluation {
  checkGroundTruths(gts);
  if (segs.length === 0) throw new RangeError('no segmentations to evaluate');
  let tables: Contingency[] = [];
  let bestRegion = new Float64Array(0);
  const settings = segs.map((seg, s) => {
    tables = gts.map((g) => contingency(seg, g, `segmentation ${s + 1}`));
    if (s === 0) bestRegion = new Float64Array(tables.reduce((k, t) => k + t.cols, 0));
    return scoreSetting(tables, bestRegion);
  });
  return finish(settings, tables, bestRegion);
}

/**
 * Like evaluateImage for segmentations that are all unions of the regions of `base` (a
 * hierarchy, such as the thresholds of an ultrametric contour map): the pixels are counted
 * once, into the base tables, and each setting's tables are merged from those.
 */
export function evaluateCoarsenings(
  base: LabelMap,
  settings: readonly Coarsening[],
  gts: readonly LabelMap[],
): ImageEvaluation {
  checkGroundTruths(gts);
  return scoreCoarsenings(
    gts.map((g) => contingency(base, g, 'base segmentation')),
    settings,
  );
}

/**
 * evaluateCoarsenings from the base partition's tables against each human segmentation, for a
 * caller that already has them.
 */
export function scoreCoarsenings(
  baseTables: readonly Contingency[],
  settings: readonly Coarsening[],
): ImageEvaluation {
  if (baseTables.length === 0) throw new RangeError('no ground-truth segmentations');
  if (settings.length === 0) throw new RangeError('no settings to evaluate');
  const bestRegion = new Float64Array(baseTables.reduce((k, t) => k + t.cols, 0));
  const scores = settings.map((s) =>
    scoreSetting(
      baseTables.map((t) => mergeRows(t, s.map, s.count)),
      bestRegion,
    ),
  );
  return finish(scores, baseTables, bestRegion);
}
