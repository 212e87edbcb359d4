import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomImage } from '../core/dsc/dscTestUtils';
import { bsdsDscMain } from './bsdsDsc';
import { readLabelPng } from './bsds/readers';
import { IterationSnapshots } from './dscCommon';
import { encodeLabelPng } from './io/writePng';
import { countLabels } from '../core/image/LabelMap';
import { computeSuperpixels } from '../core/superpixels/computeSuperpixels';
import { readImage } from './io/readImage';

describe('bsds:dsc CLI', () => {
  let dir: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'dsc-bsds-'));
    mkdirSync(join(dir, 'bsds', 'images', 'val'), { recursive: true });
    for (const [id, seed] of [
      ['2001', 1],
      ['1001', 2],
    ] as const) {
      const img = randomImage(22, 15, seed);
      const bytes = jpeg.encode({ width: 22, height: 15, data: Buffer.from(img.data) }, 95).data;
      writeFileSync(join(dir, 'bsds', 'images', 'val', `${id}.jpg`), bytes);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes ID_<setting>.png (label + 1, image size) for the first --limit images, sorted', async () => {
    const out = join(dir, 'out');
    const common = ['--bsds', join(dir, 'bsds'), '--split', 'val', '--out', out, '--random-encoder'];
    await bsdsDscMain([...common, '--settings', '8,4', '--limit', '1', '--iters', '1', '--k', '5', '--size', '22']);
    expect(readdirSync(out).sort()).toEqual(['1001_4.png', '1001_8.png', 'params.json']);
    const png = PNG.sync.read(readFileSync(join(out, '1001_8.png')), { skipRescale: true });
    expect([png.width, png.height, png.depth]).toEqual([22, 15, 16]);
    const values = new Set<number>();
    const data = png.data as unknown as Uint16Array; // 16-bit with skipRescale: RGBA, 4 per pixel
    for (let i = 0; i < png.width * png.height; i++) values.add(data[i * 4]);
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(5);
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as { settings: number[] };
    expect(params.settings).toEqual([8, 4]);
  });

  it('--with-superpixels writes the superpixels DSC started from, and DSC merges them', async () => {
    const out = join(dir, 'sp');
    const common = ['--bsds', join(dir, 'bsds'), '--split', 'val', '--out', out, '--random-encoder'];
    await bsdsDscMain([...common, '--settings', '8', '--limit', '1', '--iters', '2', '--k', '5', '--size', '22', '--with-superpixels']);
    expect(readdirSync(join(out, 'superpixels'))).toEqual(['1001_8.png']);
    const sp = readLabelPng(join(out, 'superpixels', '1001_8.png'));
    const dsc = readLabelPng(join(out, '1001_8.png'));
    expect([sp.width, sp.height]).toEqual([22, 15]);
    expect(countLabels(sp.labels)).toBeGreaterThan(2);
    // Every superpixel lies inside one DSC region (DSC's labels are superpixel-wise).
    const regionOf = new Map<number, number>();
    let split = 0;
    sp.labels.forEach((s, i) => {
      const r = regionOf.get(s);
      if (r === undefined) regionOf.set(s, dsc.labels[i]);
      else if (r !== dsc.labels[i]) split++;
    });
    expect(split).toBe(0);
  });

  it('--superpixel-params reaches the superpixel algorithm and params.json; bad JSON is refused', async () => {
    const out = join(dir, 'params');
    const common = ['--bsds', join(dir, 'bsds'), '--split', 'val', '--out', out, '--random-encoder', '--settings', '8'];
    const dsc = ['--limit', '1', '--iters', '1', '--k', '5', '--size', '22', '--with-superpixels'];
    await bsdsDscMain([...common, ...dsc, '--superpixels', 'egb', '--superpixel-params', '{"minSize":60}']);
    // The map DSC started from is EGB's with minSize 60 on the image, not the default's.
    const sp = readLabelPng(join(out, 'superpixels', '1001_8.png')).labels;
    const image = readImage(join(dir, 'bsds', 'images', 'val', '1001.jpg'));
    const egb = (params: Record<string, number>) => computeSuperpixels(image, { algorithm: 'egb', targetCount: 8, params }).labels;
    expect(sp).toEqual(egb({ minSize: 60 }));
    expect(sp).not.toEqual(egb({}));
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as Record<string, unknown>;
    expect(params).toMatchObject({ superpixels: 'egb', superpixelParams: { minSize: 60 } });
    for (const bad of ['{minSize:120}', '[120]', '{"minSize":[1]}']) {
      await expect(bsdsDscMain([...common, ...dsc, '--superpixel-params', bad])).rejects.toThrow(/--superpixel-params must be a JSON object/);
    }
  });

  it('--superpixels-from starts DSC from the given maps and rejects one of another size', async () => {
    const spDir = join(dir, 'given');
    mkdirSync(spDir, { recursive: true });
    // Six vertical bands of 22x15, not what any algorithm would give the random image.
    const bands = Int32Array.from({ length: 22 * 15 }, (_, i) => Math.floor((i % 22) / 4));
    writeFileSync(join(spDir, '1001_6.png'), encodeLabelPng({ width: 22, height: 15, labels: bands }));
    writeFileSync(join(spDir, '2001_6.png'), encodeLabelPng({ width: 15, height: 22, labels: bands }));
    const out = join(dir, 'from');
    const common = ['--bsds', join(dir, 'bsds'), '--split', 'val', '--out', out, '--random-encoder', '--settings', '6'];
    const dsc = ['--iters', '2', '--k', '5', '--size', '16', '--with-superpixels', '--superpixels-from', spDir];
    await bsdsDscMain([...common, ...dsc, '--ids', '1001']);
    expect(readLabelPng(join(out, 'superpixels', '1001_6.png')).labels).toEqual(bands);
    const result = readLabelPng(join(out, '1001_6.png'));
    expect([result.width, result.height]).toEqual([22, 15]);
    // Voted back onto the given bands: each band lies inside one region.
    for (let b = 0; b < 6; b++) {
      expect(new Set(result.labels.filter((_, i) => bands[i] === b)).size).toBe(1);
    }
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as Record<string, unknown>;
    expect(params).toMatchObject({ superpixelsFrom: spDir, superpixelsAt: 'full' });
    expect(params.superpixels).toBeUndefined();
    await expect(bsdsDscMain([...common, ...dsc, '--ids', '2001'])).rejects.toThrow(/2001_6.png is 15x22, the image 22x15/);
    await expect(bsdsDscMain([...common, ...dsc.slice(0, -1), join(dir, 'nowhere')])).rejects.toThrow(/no such folder/);
  });

  it('rejects bad settings and a missing split before writing anything', async () => {
    const out = join(dir, 'bad');
    await expect(bsdsDscMain(['--bsds', join(dir, 'bsds'), '--out', out, '--settings', '8,x'])).rejects.toThrow(
      /--settings/,
    );
    await expect(bsdsDscMain(['--bsds', join(dir, 'bsds'), '--split', 'test', '--out', out])).rejects.toThrow(
      /images\/test not found/,
    );
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });

  it('splits the IDs over shards and writes --snapshots / --stop-labels variants that --resume keeps', async () => {
    const out = join(dir, 'variants');
    const common = ['--bsds', join(dir, 'bsds'), '--split', 'val', '--out', out, '--random-encoder', '--settings', '6'];
    const dsc = ['--iters', '3', '--k', '5', '--size', '22', '--snapshots', '1,3,5', '--stop-labels', '100'];
    const idsFile = join(dir, 'ids.txt');
    writeFileSync(idsFile, '2001\n1001\n');
    await bsdsDscMain([...common, ...dsc, '--ids-from', idsFile, '--shard', '1/2']);
    // Sorted, 1001 is index 0 and 2001 index 1: shard 1/2 takes 2001 alone.
    expect(readdirSync(out).sort()).toEqual(['2001_6.png', 'it1', 'it3', 'it5', 'le100', 'params.json']);
    await bsdsDscMain([...common, ...dsc, '--ids', '1001,2001', '--shard', '0/2']);
    for (const v of ['', 'it1', 'it3', 'it5', 'le100']) {
      expect(readdirSync(join(out, v)).filter((f) => f.endsWith('.png')).sort()).toEqual(['1001_6.png', '2001_6.png']);
    }
    const bytes = (v: string, id = '1001') => readFileSync(join(out, v, `${id}_6.png`));
    // 3 iterations: it3 and it5 (the run ended first) are the final map; le100 is the first iteration's.
    expect(bytes('it3').equals(bytes(''))).toBe(true);
    expect(bytes('it5').equals(bytes(''))).toBe(true);
    expect(bytes('le100').equals(bytes('it1'))).toBe(true);
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as Record<string, unknown>;
    expect(params).toMatchObject({ ids: ['1001', '2001'], snapshots: [1, 3, 5], stopLabels: [100] });

    // --resume redoes an (ID, setting) only when one of its files is missing.
    const kept = statSync(join(out, '2001_6.png')).mtimeMs;
    rmSync(join(out, 'it3', '1001_6.png'));
    await bsdsDscMain([...common, ...dsc, '--ids', '1001,2001', '--resume']);
    expect(statSync(join(out, '2001_6.png')).mtimeMs).toBe(kept);
    expect(bytes('it3').equals(bytes(''))).toBe(true);
  });

  it('--concurrent 2 writes the maps of --concurrent 1, and one failing image stops the run', async () => {
    const common = ['--bsds', join(dir, 'bsds'), '--split', 'val', '--random-encoder', '--settings', '7,4'];
    const dsc = ['--iters', '3', '--k', '5', '--size', '22'];
    await bsdsDscMain([...common, ...dsc, '--out', join(dir, 'c1')]);
    await bsdsDscMain([...common, ...dsc, '--out', join(dir, 'c2'), '--concurrent', '2']);
    const names = readdirSync(join(dir, 'c1')).filter((f) => f.endsWith('.png')).sort();
    expect(names).toEqual(['1001_4.png', '1001_7.png', '2001_4.png', '2001_7.png']);
    expect(readdirSync(join(dir, 'c2')).filter((f) => f.endsWith('.png')).sort()).toEqual(names);
    for (const n of names) {
      expect(readFileSync(join(dir, 'c2', n)).equals(readFileSync(join(dir, 'c1', n)))).toBe(true);
    }
    // 2001 has no map to start from: the run fails naming it, whichever worker had it.
    const spDir = join(dir, 'only-1001');
    mkdirSync(spDir, { recursive: true });
    const bands = Int32Array.from({ length: 22 * 15 }, (_, i) => Math.floor((i % 22) / 4));
    writeFileSync(join(spDir, '1001_6.png'), encodeLabelPng({ width: 22, height: 15, labels: bands }));
    const from = ['--bsds', join(dir, 'bsds'), '--split', 'val', '--random-encoder', '--settings', '6', ...dsc];
    await expect(
      bsdsDscMain([...from, '--out', join(dir, 'c-fail'), '--concurrent', '2', '--superpixels-from', spDir]),
    ).rejects.toThrow(/2001_6\.png is missing/);
    await expect(bsdsDscMain([...common, '--out', join(dir, 'c-bad'), '--concurrent', '0'])).rejects.toThrow(
      /--concurrent must be an integer from 1 to 16/,
    );
  });

  it.each([
    [['--shard', '2/2'], /--shard must be I\/N/],
    [['--ids', '1001,3003'], /images\/val has no 3003/],
    [['--snapshots', '4,0'], /--snapshots must be/],
    [['--ids', '1001', '--ids-from', 'x'], /not both/],
  ])('rejects %j before writing anything', async (extra, message) => {
    const out = join(dir, 'bad-flags');
    await expect(bsdsDscMain(['--bsds', join(dir, 'bsds'), '--out', out, '--random-encoder', ...extra])).rejects.toThrow(message);
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });
});

describe('IterationSnapshots', () => {
  const it3 = (iteration: number, regionCount: number) => ({ iteration, regionCount, labels: Int32Array.of(iteration) });

  it('picks iteration counts (1-based) and the first iteration at or under each region bound', () => {
    const s = new IterationSnapshots([2, 9], [5, 3, 1]);
    expect(s.result()).toBeNull();
    for (const [i, regions] of [[0, 9], [1, 5], [2, 6], [3, 3]]) s.observe(it3(i, regions));
    const picked = s.result()!;
    expect([...picked.keys()]).toEqual(['it2', 'it9', 'le5', 'le3', 'le1']);
    expect([...picked.values()].map((l) => l[0])).toEqual([1, 3, 1, 3, 3]);
  });
});
