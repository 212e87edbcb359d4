/**
 * Bad input for the BSDS500 benchmark CLI: every broken image is reported by file and skipped,
 * the others are still evaluated, the exit code is non-zero and the summary counts the skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabelMap } from '../../core/image/LabelMap';
import { groundTruthMat, labelMatrix, segsMat, writeMat } from '../../core/io/writeMat';
import { encodeLabelPng } from '../io/writePng';
import { readLabelPng, readLabelPngFolder } from './readers';
import { runBsds } from './runBsds';

const W = 4;
const H = 6;
const map = (labels: number[], width = W): LabelMap => ({
  width,
  height: labels.length / width,
  labels: Int32Array.from(labels),
});
const blocks = (rows: number, split: number): LabelMap =>
  map(Array.from({ length: rows * W }, (_, i) => (Math.floor(i / W) < split ? 0 : 1)));
const halves = map(Array.from({ length: W * H }, (_, i) => (i % W < 2 ? 0 : 1)));

function png8(values: number[], width = W): Uint8Array {
  const png = new PNG({
    width,
    height: values.length / width,
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(values);
  return PNG.sync.write(png, {
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bsds-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const gtDir = join(dir, 'gt');
const pngDir = join(dir, 'png');
const matDir = join(dir, 'segs');
for (const d of [gtDir, pngDir, matDir]) mkdirSync(d);
const put = (path: string, bytes: Uint8Array): void => writeFileSync(path, bytes);

const gts = [blocks(H, 3), halves];
for (const id of ['1', '2', '3', '6', '7']) put(join(gtDir, `${id}.mat`), groundTruthMat(gts));
put(join(gtDir, '3.mat'), groundTruthMat([blocks(5, 2)])); // 5 rows: size mismatch
put(join(gtDir, '8.mat'), new Uint8Array(300).fill(7)); // not a MAT-file
const segA = blocks(H, 2);
const segB = halves;
// 1: good, 16-bit. 2: label 0. 3: size mismatch. 4: no ground truth. 6: non-contiguous.
// 7: good, 8-bit. 8: corrupt ground truth.
put(join(pngDir, '1_1.png'), encodeLabelPng(segA));
put(join(pngDir, '1_2.png'), encodeLabelPng(segB));
put(join(pngDir, '2_1.png'), png8(Array.from(segA.labels)));
put(join(pngDir, '2_2.png'), encodeLabelPng(segB));
for (const id of ['3', '4', '8']) {
  put(join(pngDir, `${id}_1.png`), encodeLabelPng(segA));
  put(join(pngDir, `${id}_2.png`), encodeLabelPng(segB));
}
put(join(pngDir, '6_1.png'), png8(Array.from(segA.labels, (l) => 1 + 2 * l)));
put(join(pngDir, '6_2.png'), encodeLabelPng(segB));
put(join(pngDir, '7_1.png'), png8(Array.from(segA.labels, (l) => l + 1)));
put(join(pngDir, '7_2.png'), png8(Array.from(segB.labels, (l) => l + 1)));

const quiet = { progress: false, nthresh: 99 };

describe('bsds with bad input', () => {
  it('skips each broken image with an error naming its file, evaluates the rest, exits 1', async () => {
    const errors: string[] = [];
    const lines: string[] = [];
    const run = await runBsds(
      { ...quiet, pred: pngDir, gt: gtDir, format: 'png', workers: 0 },
      (l) => lines.push(l),
      (l) => errors.push(l),
    );
    expect(run.exitCode).toBe(1);
    expect(run.evaluated).toBe(2);
    expect(run.skipped.map((s) => s.id).sort()).toEqual(['2', '3', '4', '6', '8']);
    const text = errors.join('\n');
    expect(text).toMatch(/2_1\.png: label 0 at row 1, column 1/);
    expect(text).toMatch(/3_1\.png: size 6x4 .* does not match the ground truth .*3\.mat \(5x4\)/);
    expect(text).toMatch(/4\.mat: file not found/);
    expect(text).toMatch(/6_1\.png: labels are not contiguous/);
    expect(text).toMatch(/8\.mat: not a MATLAB 5\.0 MAT-file/);
    expect(lines[0]).toMatch(/2 images evaluated, 5 skipped, 2 settings/);
    expect(lines.join('\n')).toMatch(/5 image\(s\) skipped because of errors/);
    // The two good images (16-bit and 8-bit PNGs of the same labels) score alike.
    expect(run.summary!.images).toBe(2);
  });

  it('scores label PNGs exactly like the same segmentations in a segs .mat', async () => {
    put(join(matDir, '1.mat'), segsMat([segA, segB]));
    put(join(matDir, '7.mat'), segsMat([segA, segB]));
    const png = await runBsds(
      { ...quiet, pred: pngDir, gt: gtDir, format: 'png', workers: 0 },
      () => {},
      () => {},
    );
    const mat = await runBsds(
      { ...quiet, pred: matDir, gt: gtDir, format: 'segs', workers: 0 },
      () => {},
      () => {},
    );
    expect(mat.exitCode).toBe(0);
    expect(png.summary!.cover).toEqual(mat.summary!.cover);
    expect(png.summary!.pri).toEqual(mat.summary!.pri);
    expect(png.summary!.vi).toEqual(mat.summary!.vi);
    expect(mat.summary!.cover.perImage[0].covering).toBeGreaterThan(0.5);
  });

  it('rejects bad .mat predictions: corrupt, negative labels, wrong variable', async () => {
    const bad = join(dir, 'badsegs');
    mkdirSync(bad);
    put(join(bad, '1.mat'), segsMat([segA, segB]));
    put(join(bad, '2.mat'), segsMat([segA, segB]).subarray(0, 200));
    const neg = labelMatrix(segA, 'double');
    (neg as { data: Float64Array }).data[3] = -2;
    put(
      join(bad, '3.mat'),
      writeMat([['segs', { kind: 'cell', dims: [1, 2], cells: [neg, labelMatrix(segB)] }]]),
    );
    put(join(bad, '6.mat'), writeMat([['ucm2', labelMatrix(segA, 'double')]]));
    const errors: string[] = [];
    const run = await runBsds(
      { ...quiet, pred: bad, gt: gtDir, format: 'segs', workers: 0 },
      () => {},
      (l) => errors.push(l),
    );
    expect(run.exitCode).toBe(1);
    expect(run.evaluated).toBe(1);
    const text = errors.join('\n');
    expect(text).toMatch(/2\.mat: data element at byte 128 runs past the end/);
    expect(text).toMatch(/3\.mat: segs\{1\}: label -2 at row 4, column 1/);
    expect(text).toMatch(/6\.mat: no variable "segs" \(variables: ucm2\)/);
  });

  it('reads 8- and 16-bit label PNGs to the same labels and rejects colour PNGs', () => {
    expect(readLabelPng(join(pngDir, '7_1.png'))).toEqual(readLabelPng(join(pngDir, '1_1.png')));
    const rgb = new PNG({ width: 1, height: 1 });
    rgb.data = Buffer.from([10, 20, 30, 255]);
    put(join(dir, 'rgb.png'), PNG.sync.write(rgb));
    expect(() => readLabelPng(join(dir, 'rgb.png'))).toThrow(
      /rgb\.png: expected a grayscale label PNG/,
    );
  });

  it('reads a folder of ID_<setting>.png per image, settings in numeric order', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    put(join(folder, '5_10.png'), encodeLabelPng(segB));
    put(join(folder, '5_2.png'), encodeLabelPng(segA));
    const { settings, images } = readLabelPngFolder(folder);
    expect(settings).toEqual([2, 10]);
    expect(images.get('5')).toEqual([segA, segB]);
    put(join(folder, '9_2.png'), encodeLabelPng(segA));
    expect(() => readLabelPngFolder(folder)).toThrow(/missing 9_10\.png/);
  });

  it('npm run bsds: exit code 1, JSON with the skipped count, CSV per image and setting', () => {
    const json = join(dir, 'out.json');
    const csv = join(dir, 'out.csv');
    const root = resolve(import.meta.dirname, '../../..');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/bsds.ts',
        '--pred',
        pngDir,
        '--gt',
        gtDir,
        '--json',
        json,
        '--csv',
        csv,
        '--workers',
        '2',
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/SC\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}/);
    expect(r.stderr).toMatch(/2_1\.png: label 0/);
    const summary = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['images', 'skipped', 'sc', 'pri', 'vi', 'seconds']);
    expect([summary.images, summary.skipped]).toEqual([2, 5]);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(1 + 2 * 2);
    expect(rows[1]).toMatch(/^1,1,1,/);
    const usage = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bsds.ts', '--pred', pngDir],
      { cwd: root, encoding: 'utf8' },
    );
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--gt DIR is required/);
  });
});
