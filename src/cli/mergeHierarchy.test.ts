import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelPng } from './bsds/readers';
import { encodeLabelPng, encodeRgbaPng } from './io/writePng';
import { regionMergeHierarchy, type RegionMergeOptions } from '../core/segmentation/regionMergeHierarchy';
import { mergeHierarchyMain } from './mergeHierarchy';

describe('bsds:merge-hierarchy CLI', () => {
  let dir: string;
  let inDir: string;
  let images: string;
  // 12x4: red | dark red | blue, 4 columns each; the map cuts each band into two 2-column regions.
  const width = 12;
  const height = 4;
  const colours = [
    [200, 30, 30],
    [170, 30, 30],
    [30, 30, 200],
  ];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'merge-hierarchy-'));
    inDir = join(dir, 'in');
    images = join(dir, 'images');
    mkdirSync(inDir);
    mkdirSync(images);
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) data.set([...colours[Math.floor((i % width) / 4)], 255], 4 * i);
    writeFileSync(join(images, 'a.png'), encodeRgbaPng({ width, height, data }));
    const labels = Int32Array.from({ length: width * height }, (_, i) => Math.floor((i % width) / 2));
    writeFileSync(join(inDir, 'a_100.png'), encodeLabelPng({ width, height, labels }));
    // Another setting of the same image: not read.
    writeFileSync(join(inDir, 'a_50.png'), Buffer.from('not a png'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const exact = '{"sigma":0,"smallPower":0,"histogramWeight":0,"textureWeight":0,"gradientWeight":0,"spectralWeight":0}';

  it('writes one map per count, named by the count, each with at most that many regions', () => {
    const out = join(dir, 'counts');
    const s = mergeHierarchyMain(['--in', inDir, '--setting', '100', '--images', images, '--out', out, '--counts', '3,2,1', '--params', exact]);
    expect(s).toEqual({ images: 1, names: [1, 2, 3], regions: [1, 2, 3], regionsIn: 6, withoutSpectral: [] });
    const three = readLabelPng(join(out, 'a_3.png')).labels;
    // The colour bands.
    expect(Array.from(three.slice(0, width))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    const two = readLabelPng(join(out, 'a_2.png')).labels;
    expect(Array.from(two.slice(0, width))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as { counts: number[]; names: number[] };
    expect(params.counts).toEqual([3, 2, 1]);
  });

  it('writes one map per threshold, named by ten times the threshold', () => {
    const out = join(dir, 'thresholds');
    const s = mergeHierarchyMain(['--in', inDir, '--setting', '100', '--images', images, '--out', out, '--thresholds', '0.5,1000', '--params', exact]);
    expect(s.names).toEqual([5, 10000]);
    expect(s.regions).toEqual([3, 1]);
    expect(existsSync(join(out, 'a_5.png'))).toBe(true);
  });

  it('with --guide, joins what the guide puts in one cluster first', () => {
    const guideDir = join(dir, 'guide');
    mkdirSync(guideDir);
    // The guide joins the dark red and the blue bands.
    const guide = Int32Array.from({ length: width * height }, (_, i) => (i % width < 4 ? 0 : 1));
    writeFileSync(join(guideDir, 'a_100.png'), encodeLabelPng({ width, height, labels: guide }));
    const out = join(dir, 'guided');
    const exactGuided = '{"sigma":0,"smallPower":0,"histogramWeight":0,"textureWeight":0,"sameClusterFactor":0}';
    mergeHierarchyMain(['--in', inDir, '--setting', '100', '--images', images, '--out', out, '--counts', '2', '--params', exactGuided, '--guide', guideDir]);
    expect(Array.from(readLabelPng(join(out, 'a_2.png')).labels.slice(0, width))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as { guide: string };
    expect(params.guide).toBe(guideDir);
  });

  it('with --guide-settings, reads one guide per setting and lets them vote', () => {
    const guideDir = join(dir, 'guides');
    mkdirSync(guideDir);
    // Both guides join the dark red and the blue bands; only the first joins red and dark red.
    const joinAll = Int32Array.from({ length: width * height }, () => 0);
    const joinTwo = Int32Array.from({ length: width * height }, (_, i) => (i % width < 4 ? 0 : 1));
    writeFileSync(join(guideDir, 'a_100.png'), encodeLabelPng({ width, height, labels: joinAll }));
    writeFileSync(join(guideDir, 'a_50.png'), encodeLabelPng({ width, height, labels: joinTwo }));
    const out = join(dir, 'voted');
    const exactGuided = '{"sigma":0,"smallPower":0,"histogramWeight":0,"textureWeight":0,"sameClusterFactor":0}';
    const args = ['--in', inDir, '--setting', '100', '--images', images, '--out', out, '--counts', '2', '--params', exactGuided, '--guide', guideDir];
    // With factor 0, the boundary both guides join costs nothing and merges first; red | dark red,
    // which one guide joins, costs half its contrast (the colours alone would merge it first).
    mergeHierarchyMain([...args, '--guide-settings', '100,50']);
    expect(Array.from(readLabelPng(join(out, 'a_2.png')).labels.slice(0, width))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as { guideSettings: number[] };
    expect(params.guideSettings).toEqual([100, 50]);
    expect(() => mergeHierarchyMain([...args, '--guide-settings', '100,20'])).toThrow(/a_20\.png/);
    expect(() => mergeHierarchyMain([...args.slice(0, -2), '--guide-settings', '100'])).toThrow(/--guide-settings needs --guide/);
  });

  it('with --ensemble-settings, cuts the mean of one hierarchy per setting', () => {
    const ensIn = join(dir, 'ens-in');
    mkdirSync(ensIn);
    const twoColumns = Int32Array.from({ length: width * height }, (_, i) => Math.floor((i % width) / 2));
    writeFileSync(join(ensIn, 'a_100.png'), encodeLabelPng({ width, height, labels: twoColumns }));
    // The coarser setting: red + dark red | blue.
    const coarse = Int32Array.from({ length: width * height }, (_, i) => (i % width < 8 ? 0 : 1));
    writeFileSync(join(ensIn, 'a_50.png'), encodeLabelPng({ width, height, labels: coarse }));
    const base = ['--in', ensIn, '--setting', '100', '--images', images, '--params', exact, '--thresholds', '0.5,1000'];
    const plain = join(dir, 'ens-plain');
    const one = join(dir, 'ens-one');
    mergeHierarchyMain([...base, '--out', plain]);
    mergeHierarchyMain([...base, '--out', one, '--ensemble-settings', '100']);
    expect(readLabelPng(join(one, 'a_5.png')).labels).toEqual(readLabelPng(join(plain, 'a_5.png')).labels);
    // With the coarse member, red | dark red is half as high: a cut between its half and its full
    // height joins red and dark red in the ensemble, not in the plain hierarchy.
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) data.set([...colours[Math.floor((i % width) / 4)], 255], 4 * i);
    const h = regionMergeHierarchy({ width, height, labels: twoColumns }, { width, height, data }, JSON.parse(exact) as RegionMergeOptions);
    const redDarkRed = Array.from(h.heights).find((v) => v > 0) ?? Number.NaN;
    const t = String(Math.round(7.5 * redDarkRed) / 10); // 0.75 of it, one decimal
    const twoOut = join(dir, 'ens-two');
    const s = mergeHierarchyMain([...base.slice(0, -1), `${t},1000`, '--out', twoOut, '--ensemble-settings', '100,50']);
    expect(s.regionsIn).toBe(6);
    expect(s.regions).toEqual([2, 1]);
    expect(mergeHierarchyMain([...base.slice(0, -1), `${t},1000`, '--out', join(dir, 'ens-plain-t')]).regions).toEqual([3, 1]);
    const params = JSON.parse(readFileSync(join(twoOut, 'params.json'), 'utf8')) as { ensembleSettings: number[] };
    expect(params.ensembleSettings).toEqual([100, 50]);
    expect(() => mergeHierarchyMain([...base.slice(0, -2), '--counts', '2', '--out', join(dir, 'x'), '--ensemble-settings', '100,50'])).toThrow(/give --thresholds/);
    expect(() => mergeHierarchyMain([...base, '--out', join(dir, 'x'), '--ensemble-settings', '100,20'])).toThrow(/a_20\.png/);
  });

  it('names the images whose hierarchy went without the spectral term (too many regions)', () => {
    const manyIn = join(dir, 'many-in');
    const manyImages = join(dir, 'many-images');
    mkdirSync(manyIn);
    mkdirSync(manyImages);
    // b: 24x20 one-pixel regions (480, over SPECTRAL_MAX_REGIONS); c: the 6-region map above.
    const w = 24;
    const h = 20;
    const data = Uint8ClampedArray.from({ length: w * h * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256));
    writeFileSync(join(manyImages, 'b.png'), encodeRgbaPng({ width: w, height: h, data }));
    writeFileSync(join(manyIn, 'b_100.png'), encodeLabelPng({ width: w, height: h, labels: Int32Array.from({ length: w * h }, (_, i) => i) }));
    writeFileSync(join(manyImages, 'c.png'), readFileSync(join(images, 'a.png')));
    writeFileSync(join(manyIn, 'c_100.png'), readFileSync(join(inDir, 'a_100.png')));
    const run = (params: string, out: string) =>
      mergeHierarchyMain(['--in', manyIn, '--setting', '100', '--images', manyImages, '--out', join(dir, out), '--thresholds', '5', '--params', params]);
    expect(run('{}', 'many-default').withoutSpectral).toEqual(['b']);
    expect(run('{"spectralWeight":0}', 'many-off').withoutSpectral).toEqual([]);
  });

  it('refuses bad arguments and missing files before writing anything', () => {
    const out = join(dir, 'never');
    const base = ['--in', inDir, '--setting', '100', '--images', images, '--out', out];
    expect(() => mergeHierarchyMain(base)).toThrow(/one of --thresholds and --counts/);
    expect(() => mergeHierarchyMain([...base, '--counts', '2', '--thresholds', '1'])).toThrow(/one of --thresholds and --counts/);
    expect(() => mergeHierarchyMain([...base, '--counts', '0'])).toThrow(/--counts: expected integers >= 1/);
    expect(() => mergeHierarchyMain([...base, '--thresholds', '1,x'])).toThrow(/--thresholds: expected numbers/);
    expect(() => mergeHierarchyMain([...base, '--thresholds', '1,1.01'])).toThrow(/same file name twice/);
    expect(() => mergeHierarchyMain([...base, '--counts', '2', '--params', '{"boundaryWeight":3}'])).toThrow(/--params: boundaryWeight/);
    expect(() => mergeHierarchyMain([...base, '--counts', '2', '--params', '{oops'])).toThrow(/--params/);
    expect(() => mergeHierarchyMain(['--in', inDir, '--setting', '7', '--images', images, '--out', out, '--counts', '2'])).toThrow(/no \*_7\.png maps/);
    expect(() => mergeHierarchyMain(['--in', inDir, '--setting', '100', '--images', inDir, '--out', out, '--counts', '2'])).toThrow(/no a\.jpg or a\.png/);
    expect(() => mergeHierarchyMain(['--in', inDir, '--setting', '100', '--images', images, '--out', inDir, '--counts', '2'])).toThrow(/--out must differ/);
    expect(() => mergeHierarchyMain([...base, '--counts', '2', '--guide', join(dir, 'nowhere')])).toThrow(/--guide .*no such folder/);
    expect(existsSync(out)).toBe(false);
  });
});
