import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelMap } from '../core/image/LabelMap';
import { groundTruthMat } from '../core/io/writeMat';
import { readLabelPng } from './bsds/readers';
import { guidedMergeMain } from './guidedMerge';
import { encodeLabelPng } from './io/writePng';

const map = (width: number, labels: number[]): LabelMap => ({
  width,
  height: labels.length / width,
  labels: Int32Array.from(labels),
});

describe('bsds:guided-merge CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'guided-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // 4x2; the human drew a left and a right half.
  const halves = map(4, [0, 0, 1, 1, 0, 0, 1, 1]);

  it('merges each setting of each image towards its ground truth, under the same file names', () => {
    const inDir = join(dir, 'in');
    const gtDir = join(dir, 'gt');
    mkdirSync(inDir);
    mkdirSync(gtDir);
    writeFileSync(join(gtDir, '12.mat'), groundTruthMat([halves]));
    // Setting 8: one superpixel per column pair and row (refines the halves); setting 2: one
    // superpixel straddling the cut (3 of its 4 pixels on the left).
    writeFileSync(join(inDir, '12_8.png'), encodeLabelPng(map(4, [0, 0, 1, 1, 2, 2, 3, 3])));
    writeFileSync(join(inDir, '12_2.png'), encodeLabelPng(map(4, [0, 0, 0, 1, 0, 1, 1, 1])));
    const s = guidedMergeMain(['--in', inDir, '--gt', gtDir, '--out', join(dir, 'out')]);
    expect({ maps: s.maps, regionsIn: s.regionsIn, regionsOut: s.regionsOut }).toEqual({ maps: 2, regionsIn: 6, regionsOut: 4 });
    expect(Array.from(readLabelPng(join(dir, 'out', '12_8.png')).labels)).toEqual(Array.from(halves.labels));
    // Nothing to merge in setting 2: its two superpixels stay, each in a region of its own.
    expect(Array.from(readLabelPng(join(dir, 'out', '12_2.png')).labels)).toEqual([0, 0, 0, 1, 0, 1, 1, 1]);
    // Covering 1 for setting 8; 3/5 per half for setting 2 (intersection 3, union 5).
    expect(s.meanCovering).toBeCloseTo((1 + 3 / 5) / 2, 12);
  });

  it('refuses a missing ground truth or a size mismatch before writing anything', () => {
    const inDir = join(dir, 'bad');
    const gtDir = join(dir, 'bad-gt');
    mkdirSync(inDir);
    mkdirSync(gtDir);
    const out = join(dir, 'bad-out');
    writeFileSync(join(inDir, '5_8.png'), encodeLabelPng(map(4, [0, 0, 1, 1, 2, 2, 3, 3])));
    expect(() => guidedMergeMain(['--in', inDir, '--gt', gtDir, '--out', out])).toThrow(/5\.mat: file not found/);
    writeFileSync(join(gtDir, '5.mat'), groundTruthMat([map(2, [0, 1])]));
    expect(() => guidedMergeMain(['--in', inDir, '--gt', gtDir, '--out', out])).toThrow(/5_8\.png: superpixels: size 4x2 does not match/);
    expect(existsSync(out)).toBe(false);
    expect(() => guidedMergeMain(['--in', inDir, '--out', out])).toThrow(/usage/);
    expect(() => guidedMergeMain(['--in', inDir, '--gt', join(dir, 'nowhere'), '--out', out])).toThrow(/--gt .*no such folder/);
    expect(() => guidedMergeMain(['--in', inDir, '--gt', gtDir, '--out', inDir])).toThrow(/must differ/);
  });
});
