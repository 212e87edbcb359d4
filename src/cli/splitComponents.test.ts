import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelPng } from './bsds/readers';
import { encodeLabelPng } from './io/writePng';
import { splitComponentsMain } from './splitComponents';

describe('bsds:split-components CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'split-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // 6x3: label 0 in columns 0-1 and 4-5 (two separate areas), label 1 between them.
  const bands = Int32Array.from({ length: 18 }, (_, i) => (i % 6 === 2 || i % 6 === 3 ? 1 : 0));
  // 2x2 diagonal: label 0 at (0,0) and (1,1) touches only by a corner: one 8-connected region.
  const diagonal = Int32Array.from([0, 1, 1, 0]);

  it('gives each 8-connected area of a label its own label, under the same file name', () => {
    const inDir = join(dir, 'in');
    mkdirSync(inDir);
    writeFileSync(join(inDir, 'a_8.png'), encodeLabelPng({ width: 6, height: 3, labels: bands }));
    writeFileSync(join(inDir, 'b_8.png'), encodeLabelPng({ width: 2, height: 2, labels: diagonal }));
    const summary = splitComponentsMain(['--in', inDir, '--out', join(dir, 'out')]);
    expect(summary).toEqual({ maps: 2, regionsIn: 4, regionsOut: 5, minAreaFraction: 0 });
    const a = readLabelPng(join(dir, 'out', 'a_8.png'));
    expect([a.width, a.height]).toEqual([6, 3]);
    expect(Array.from(a.labels.slice(0, 6))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(new Set(a.labels).size).toBe(3);
    expect(Array.from(readLabelPng(join(dir, 'out', 'b_8.png')).labels)).toEqual([0, 1, 1, 0]);
  });

  it('with --min-area, absorbs the parts under that fraction of the image', () => {
    const inDir = join(dir, 'in-min');
    mkdirSync(inDir);
    // 10x4: label 0 everywhere except a 2x2 block of label 1 (4 of 40 pixels = 0.1).
    const block = Int32Array.from({ length: 40 }, (_, i) => (i % 10 < 2 && i < 20 ? 1 : 0));
    writeFileSync(join(inDir, 'a_8.png'), encodeLabelPng({ width: 10, height: 4, labels: block }));
    const out = join(dir, 'out-min');
    expect(splitComponentsMain(['--in', inDir, '--out', out, '--min-area', '0.1']).regionsOut).toBe(2);
    expect(splitComponentsMain(['--in', inDir, '--out', out, '--min-area', '0.11']).regionsOut).toBe(1);
    expect(new Set(readLabelPng(join(out, 'a_8.png')).labels).size).toBe(1);
    for (const bad of ['1', '-0.1', 'x']) {
      expect(() => splitComponentsMain(['--in', inDir, '--out', join(dir, 'never'), '--min-area', bad])).toThrow(/--min-area must be a fraction/);
    }
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('refuses bad arguments and bad files before writing anything', () => {
    const inDir = join(dir, 'bad');
    mkdirSync(inDir);
    const out = join(dir, 'bad-out');
    expect(() => splitComponentsMain(['--in', inDir, '--out', out])).toThrow(/no .png label maps/);
    writeFileSync(join(inDir, 'a_8.png'), encodeLabelPng({ width: 6, height: 3, labels: bands }));
    writeFileSync(join(inDir, 'z_8.png'), Buffer.from('not a png'));
    expect(() => splitComponentsMain(['--in', inDir, '--out', out])).toThrow(/z_8\.png/);
    expect(existsSync(out)).toBe(false);
    expect(() => splitComponentsMain(['--in', join(dir, 'nowhere'), '--out', out])).toThrow(/no such folder/);
    expect(() => splitComponentsMain(['--in', inDir, '--out', inDir])).toThrow(/must differ/);
    expect(() => splitComponentsMain(['--in', inDir])).toThrow(/usage/);
    expect(() => splitComponentsMain(['--in', inDir, '--out', out, '--k', '3'])).toThrow(/usage/);
  });
});
