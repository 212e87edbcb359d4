import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomImage } from '../core/dsc/dscTestUtils';
import { countLabels } from '../core/image/LabelMap';
import { computeSuperpixels } from '../core/superpixels/computeSuperpixels';
import { readLabelPng } from './bsds/readers';
import { writeFilesAtomically } from './dscCommon';
import { encodeRgbaPng } from './io/writePng';
import { segmentMain } from './segment';

describe('segment CLI', () => {
  let dir: string;
  let imagePath: string;
  const tiny = ['--random-encoder', '--count', '6', '--size', '20', '--k', '6'];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'dsc-cli-'));
    imagePath = join(dir, 'tiny.png');
    writeFileSync(imagePath, encodeRgbaPng(randomImage(20, 14, 3)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the 16-bit label map, the overlay and the JSON report', async () => {
    const out = join(dir, 'ok');
    await segmentMain([imagePath, '--out', out, '--iters', '2', '--snapshots', '2,1,9', ...tiny]);
    expect(readdirSync(out).sort()).toEqual([
      'tiny.it1.labels.png',
      'tiny.it2.labels.png',
      'tiny.it9.labels.png',
      'tiny.json',
      'tiny.labels.png',
      'tiny.overlay.png',
    ]);
    // After 2 of 2 iterations, and after 9 (the run ended sooner): the final map.
    const final = readFileSync(join(out, 'tiny.labels.png'));
    expect(readFileSync(join(out, 'tiny.it2.labels.png')).equals(final)).toBe(true);
    expect(readFileSync(join(out, 'tiny.it9.labels.png')).equals(final)).toBe(true);
    const labels = PNG.sync.read(readFileSync(join(out, 'tiny.labels.png')), { skipRescale: true });
    expect([labels.width, labels.height, labels.depth]).toEqual([20, 14, 16]);
    const report = JSON.parse(readFileSync(join(out, 'tiny.json'), 'utf8')) as {
      iterations: { iteration: number; ce: number; cut: number; total: number; labels: number; ms: number }[];
      options: { k: number; r: string };
    };
    expect(report.iterations.map((i) => i.iteration)).toEqual([0, 1]);
    expect(Object.keys(report.iterations[0]).sort()).toEqual(['ce', 'cut', 'iteration', 'labels', 'ms', 'total']);
    expect(report.options).toMatchObject({ k: 6, r: 'Infinity' });
  });

  it('--superpixels-at full: DSC at the working size, the map constant on every full-size superpixel', async () => {
    const out = join(dir, 'full');
    const image = randomImage(40, 28, 4);
    const path = join(dir, 'large.png');
    writeFileSync(path, encodeRgbaPng(image));
    const args = ['--random-encoder', '--count', '12', '--size', '20', '--k', '6', '--superpixels-at', 'full'];
    await segmentMain([path, '--out', out, '--iters', '2', ...args]);
    const report = JSON.parse(readFileSync(join(out, 'large.json'), 'utf8')) as {
      workingSize: { width: number; height: number };
      superpixels: { at: string; count: number };
    };
    expect(report.workingSize.width).toBeLessThanOrEqual(20);
    expect(report.superpixels.at).toBe('full');
    const { width, height, labels } = readLabelPng(join(out, 'large.labels.png'));
    expect([width, height]).toEqual([40, 28]);
    // The same superpixels as the CLI computed (EGB on the image, 12 wanted), at 40x28.
    const sp = computeSuperpixels(image, { algorithm: 'egb', targetCount: 12 });
    expect(report.superpixels.count).toBeGreaterThan(2);
    expect(countLabels(sp.labels)).toBe(report.superpixels.count);
    const labelOf = new Map<number, number>();
    let mixed = 0;
    sp.labels.forEach((s, i) => {
      if (!labelOf.has(s)) labelOf.set(s, labels[i]);
      else if (labelOf.get(s) !== labels[i]) mixed++;
    });
    expect(mixed).toBe(0);
  });

  it.each([
    [['--model', '/nonexistent-model-dir'], /SuperAE model is missing.*--random-encoder/],
    [['--random-encoder', '--k', '1'], /DscOptions\.k/],
    [['--random-encoder', '--bogus', '3'], /unknown option --bogus/],
    [['--random-encoder', '--backend', 'webgpu'], /webgpu/],
    [['--random-encoder', '--superpixels-at', 'half'], /--superpixels-at must be working or full/],
  ])('fails clearly on %j and writes nothing', async (extra, message) => {
    const out = join(dir, 'bad');
    await expect(segmentMain([imagePath, '--out', out, '--iters', '2', ...extra])).rejects.toThrow(message);
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
    await tf.setBackend('cpu');
  });

  it('stops cleanly on SIGINT halfway and leaves --out without files', async () => {
    const out = join(dir, 'cancelled');
    mkdirSync(out);
    const before = tf.memory().numTensors;
    const run = segmentMain([imagePath, '--out', out, '--iters', '100000', ...tiny]);
    setTimeout(() => process.emit('SIGINT'), 1500);
    await expect(run).rejects.toThrow(/cancelled/);
    expect(readdirSync(out)).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('writes files all or nothing', () => {
    const out = join(dir, 'atomic');
    mkdirSync(join(out, 'b.txt'), { recursive: true }); // a folder where a file must go
    expect(() =>
      writeFilesAtomically([
        { path: join(out, 'a.txt'), bytes: 'a' },
        { path: join(out, 'b.txt'), bytes: 'b' },
      ]),
    ).toThrow();
    expect(readdirSync(out)).toEqual(['b.txt']);
  });
});
