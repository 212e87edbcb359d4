import { describe, expect, it } from 'vitest';
import { aggregate, roundLikeG6 } from './aggregate';
import type { ImageEvaluation, SettingScore } from './evaluateImage';
import { formatG, officialEvalFiles } from './officialEvalFiles';

const s = (
  cntR: number,
  sumR: number,
  ri: number,
  vi: number,
  cntP = 1,
  sumP = 2,
): SettingScore => ({ cntR, sumR, cntP, sumP, ri, vi });
const image = (settings: SettingScore[], cntRBest: number): ImageEvaluation => ({
  settings,
  cntRBest,
  bestRegionOverlap: new Float64Array(0),
});

describe('aggregate', () => {
  // Image A ties its best covering (0.5) at settings 1 and 3 with different cntR/sumR.
  const a = image([s(1, 2, 0.7, 2.0), s(0.8, 2, 0.9, 1.0), s(2, 4, 0.8, 1.5)], 1.5);
  const b = image([s(3, 4, 0.6, 1.0), s(2, 4, 0.6, 1.0), s(1, 4, 0.5, 3.0)], 3.5);
  const th = [0.25, 0.5, 0.75];
  const r = aggregate([a, b], th, { officialRounding: false });

  it('ODS covering: the best dataset ratio sum(cntR)/sum(sumR)', () => {
    expect(r.cover.perThreshold).toEqual([4 / 6, 2.8 / 6, 3 / 8]);
    expect(r.cover.ods).toBe(4 / 6);
    expect(r.cover.odsThreshold).toBe(0.25);
  });

  it('OIS covering takes the last tied setting per image; the per-image table the first', () => {
    // A: last of the tied settings is 3 (2/4), B: setting 1 (3/4) -> (2 + 3) / (4 + 4).
    expect(r.cover.ois).toBe(5 / 8);
    expect(r.cover.perImage.map((p) => [p.setting, p.threshold, p.covering])).toEqual([
      [0, 0.25, 0.5],
      [0, 0.25, 0.75],
    ]);
    expect(r.cover.perImage[0].precision).toBe(0.5);
  });

  it('best covering: per-region best summed over images, over sum(sumR) at the first setting', () => {
    expect(r.cover.best).toBe(5 / 6);
  });

  it('PRI and VI: ODS the best mean (first on ties), OIS the mean of per-image bests', () => {
    r.pri.perThreshold.forEach((x, i) => expect(x).toBeCloseTo([0.65, 0.75, 0.65][i], 15));
    expect(r.pri.odsThreshold).toBe(0.5);
    expect(r.pri.ois).toBeCloseTo((0.9 + 0.6) / 2, 15);
    // Mean VI 1.5, 1.0, 2.25: best is the lowest.
    expect(r.vi.odsThreshold).toBe(0.5);
    expect(r.vi.ods).toBe(1);
    expect(r.vi.ois).toBe(1);
    const tie = aggregate([image([s(1, 2, 0.5, 1), s(1, 2, 0.5, 1)], 1)], [1, 2]);
    expect([tie.cover.odsThreshold, tie.pri.odsThreshold, tie.vi.odsThreshold]).toEqual([1, 1, 1]);
  });

  it('official rounding: numbers pass through 6 significant digits, which can create ties', () => {
    const close = image([s(1, 2, 0.8000001, 1), s(1, 2, 0.8000002, 1)], 1);
    expect(aggregate([close], [1, 2], { officialRounding: false }).pri.odsThreshold).toBe(2);
    expect(aggregate([close], [1, 2]).pri.odsThreshold).toBe(1);
    expect(roundLikeG6(1389609)).toBe(1389610);
    expect(roundLikeG6(0.123456789)).toBe(0.123457);
  });

  it('rejects images with a different number of settings and bad options', () => {
    expect(() => aggregate([a, image([s(1, 2, 1, 1)], 1)], th)).toThrow(
      /image 2 has 1 settings, expected 3/,
    );
    expect(() => aggregate([], th)).toThrow(/no images/);
    expect(() => aggregate([a], th, { officialRounding: 'yes' as unknown as boolean })).toThrow(
      /officialRounding/,
    );
  });
});

describe('officialEvalFiles', () => {
  it('formats like C printf %g', () => {
    expect(
      [0.5, 0.166666666, 1, 0.8333333, 1389609, 0.000012345, 0, 123456.4].map(formatG),
    ).toEqual(['0.5', '0.166667', '1', '0.833333', '1.38961e+06', '1.2345e-05', '0', '123456']);
  });

  it('writes the five files with %10g columns', () => {
    const files = officialEvalFiles(
      aggregate([image([s(1, 2, 0.5, 1), s(1, 4, 0.25, 2)], 1)], [1 / 3, 2 / 3]),
    );
    expect(Object.keys(files).sort()).toEqual([
      'eval_RI_VOI.txt',
      'eval_RI_VOI_thr.txt',
      'eval_cover.txt',
      'eval_cover_img.txt',
      'eval_cover_th.txt',
    ]);
    expect(files['eval_cover.txt']).toBe('  0.333333        0.5        0.5        0.5\n');
    expect(files['eval_cover_img.txt']).toBe('         1   0.333333        0.5        0.5\n');
  });
});
