import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomImage } from '../core/dsc/dscTestUtils';
import { bsdsDscMain } from './bsdsDsc';

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
});
