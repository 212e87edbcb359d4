/**
 * Dataset scores of the BSDS500 region benchmark from per-image evaluations, exactly as
 * collect_eval_reg.m of the official code computes them, tie rules included:
 * - covering ODS: the setting with the best dataset covering sum(cntR)/sum(sumR), first one on
 *   ties; OIS: per image the setting with the best cntR/sumR, LAST one on ties (`ff(end)`), its
 *   cntR and sumR summed over images; the per-image table reports the FIRST best setting;
 * - best: sum over images of the per-region best (cntRBest) over sum(sumR) at the first setting;
 * - PRI ODS: setting with the best mean RI (first on ties); OIS: mean of per-image max;
 * - VI ODS: setting with the lowest mean VI (first on ties); OIS: mean of per-image min.
 */
import type { ImageEvaluation, SettingScore } from './evaluateImage';

export interface AggregateOptions {
  /**
   * Round each per-image number to 6 significant digits before aggregating, as the official
   * code does by writing them to text files with `%10g` and reading them back. Keeps ties
   * (and so the reported ODS setting) identical to the official benchmark.
   * @default true
   */
  officialRounding?: boolean;
}

export interface ImageBest {
  /** Index (0-based) of the first setting with the image's best covering. */
  readonly setting: number;
  /** That setting's threshold (or setting value). */
  readonly threshold: number;
  readonly covering: number;
  /** The (unused) precision, cntP/sumP, at that setting. */
  readonly precision: number;
}

export interface BenchmarkSummary {
  readonly images: number;
  readonly thresholds: readonly number[];
  readonly cover: {
    readonly odsThreshold: number;
    readonly ods: number;
    readonly ois: number;
    readonly best: number;
    /** Dataset covering per threshold. */
    readonly perThreshold: number[];
    readonly perImage: ImageBest[];
  };
  readonly pri: {
    readonly odsThreshold: number;
    readonly ods: number;
    readonly ois: number;
    readonly perThreshold: number[];
  };
  readonly vi: {
    readonly odsThreshold: number;
    readonly ods: number;
    readonly ois: number;
    readonly perThreshold: number[];
  };
}

function resolveOptions(options: AggregateOptions): Required<AggregateOptions> {
  const officialRounding = options.officialRounding ?? true;
  if (typeof officialRounding !== 'boolean') {
    throw new TypeError(`officialRounding: expected a boolean, got ${String(officialRounding)}`);
  }
  return { officialRounding };
}

/** What `%10g` and reading back do to a number: 6 significant digits. */
export function roundLikeG6(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(6)) : x;
}

/** MATLAB's `a ./ (b + (b==0))`. */
const ratio = (a: number, b: number): number => a / (b === 0 ? 1 : b);

/** Index of the first maximum (MATLAB `max`, which skips NaN). */
function firstMax(xs: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < xs.length; i++)
    if (!Number.isNaN(xs[i]) && (best < 0 || xs[i] > xs[best])) best = i;
  return Math.max(best, 0);
}

function firstMin(xs: readonly number[]): number {
  return firstMax(xs.map((x) => -x));
}

/**
 * Aggregates per-image evaluations (all with one score per threshold) into the benchmark's
 * dataset scores. `thresholds` labels the settings (ucm2 thresholds, or 1..S for segs).
 */
export function aggregate(
  perImage: readonly ImageEvaluation[],
  thresholds: readonly number[],
  options: AggregateOptions = {},
): BenchmarkSummary {
  const { officialRounding } = resolveOptions(options);
  const nt = thresholds.length;
  if (perImage.length === 0) throw new RangeError('aggregate: no images');
  const r = officialRounding ? roundLikeG6 : (x: number) => x;
  const images = perImage.map((im, i) => {
    if (im.settings.length !== nt) {
      throw new RangeError(
        `aggregate: image ${i + 1} has ${im.settings.length} settings, expected ${nt}`,
      );
    }
    const settings: SettingScore[] = im.settings.map((s) => ({
      cntR: r(s.cntR),
      sumR: r(s.sumR),
      cntP: r(s.cntP),
      sumP: r(s.sumP),
      ri: r(s.ri),
      vi: r(s.vi),
    }));
    return { settings, cntRBest: r(im.cntRBest) };
  });

  const cntRTotal = new Array<number>(nt).fill(0);
  const sumRTotal = new Array<number>(nt).fill(0);
  let cntRBest = 0;
  let sumRBest = 0;
  let cntRBestTotal = 0;
  const riTotal = new Array<number>(nt).fill(0);
  const viTotal = new Array<number>(nt).fill(0);
  let riBest = 0;
  let viBest = 0;
  const perImageBest: ImageBest[] = images.map(({ settings, cntRBest: imageBest }) => {
    const R = settings.map((s) => ratio(s.cntR, s.sumR));
    const ind = firstMax(R);
    settings.forEach((s, t) => {
      cntRTotal[t] += s.cntR;
      sumRTotal[t] += s.sumR;
      riTotal[t] += s.ri;
      viTotal[t] += s.vi;
    });
    // OIS takes the last of the tied best settings (`ff(end)`).
    let last = ind;
    for (let t = 0; t < nt; t++) if (R[t] === R[ind]) last = t;
    cntRBest += settings[last].cntR;
    sumRBest += settings[last].sumR;
    cntRBestTotal += imageBest;
    riBest += Math.max(...settings.map((s) => s.ri));
    viBest += Math.min(...settings.map((s) => s.vi));
    const best = settings[ind];
    return {
      setting: ind,
      threshold: thresholds[ind],
      covering: R[ind],
      precision: ratio(best.cntP, best.sumP),
    };
  });
  const n = images.length;
  const R = cntRTotal.map((c, t) => ratio(c, sumRTotal[t]));
  const ind = firstMax(R);
  const riMean = riTotal.map((x) => x / n);
  const viMean = viTotal.map((x) => x / n);
  const iri = firstMax(riMean);
  const ivi = firstMin(viMean);
  return {
    images: n,
    thresholds: [...thresholds],
    cover: {
      odsThreshold: thresholds[ind],
      ods: R[ind],
      ois: ratio(cntRBest, sumRBest),
      best: cntRBestTotal / sumRTotal[0],
      perThreshold: R,
      perImage: perImageBest,
    },
    pri: { odsThreshold: thresholds[iri], ods: riMean[iri], ois: riBest / n, perThreshold: riMean },
    vi: { odsThreshold: thresholds[ivi], ods: viMean[ivi], ois: viBest / n, perThreshold: viMean },
  };
}
