import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../core/image/RgbaImage';
import { folderSource, parseArgs, SOURCES } from './bsdsSuperpixels';
import { encodeRgbaPng, writePng } from './io/writePng';

const dir = mkdtempSync(join(tmpdir(), 'bsds-sp-src-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pattern(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i * 37) % 256, (i * 11) % 256, i % 256, 255], i * 4);
  return { width, height, data };
}

describe('bsds:superpixels arguments', () => {
  it('reads the options the fidelity table needs', () => {
    const a = parseArgs(['--split', 'test', '--algo', 'ms', '--counts', '100,50,20,10', '--out', '/tmp/x', '--limit', '3']);
    expect(a).toMatchObject({ split: 'test', algo: 'ms', counts: [100, 50, 20, 10], out: '/tmp/x', on: 'image', limit: 3 });
    expect(Object.keys(SOURCES)).toContain('image');
  });

  it('rejects bad values with a clear message', () => {
    expect(() => parseArgs(['--algo', 'watershed', '--out', 'd'])).toThrow(/--algo must be one of slic, egb, ms/);
    expect(() => parseArgs(['--counts', '100,x', '--out', 'd'])).toThrow(/--counts/);
    expect(() => parseArgs(['--split', 'dev', '--out', 'd'])).toThrow(/--split/);
    expect(() => parseArgs(['--on', 'reconstruction', '--out', 'd'])).toThrow(/--on reconstruction is not available/);
    expect(() => parseArgs([])).toThrow(/--out DIR is required/);
    expect(() => parseArgs(['--out', 'd', '--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseArgs(['--out', 'd', '--source-dir', join(dir, 'missing')])).toThrow(/--source-dir .*missing is not a folder/);
    expect(() => parseArgs(['--out', 'd', '--source-dir', dir, '--on', 'image'])).toThrow(/either --on or --source-dir/);
  });

  it('takes the algorithm parameters as a JSON object and refuses anything else', () => {
    expect(parseArgs(['--out', 'd', '--params', '{"minSize":200}']).params).toEqual({ minSize: 200 });
    expect(parseArgs(['--out', 'd']).params).toEqual({});
    for (const bad of ['{minSize:200}', '[200]', 'null', '{"minSize":[1]}']) {
      expect(() => parseArgs(['--out', 'd', '--params', bad])).toThrow(/--params must be a JSON object/);
    }
  });

  it('takes a folder of source images with --source-dir', () => {
    expect(parseArgs(['--out', 'd']).sourceDir).toBeNull();
    expect(parseArgs(['--out', 'd', '--source-dir', dir]).sourceDir).toBe(dir);
  });
});

describe('folderSource', () => {
  const ctx = { bsdsDir: '/unused', split: 'val', id: '12003' };
  const photoOfSize = (width: number, height: number) => () => pattern(width, height);

  it('reads DIR/ID.png pixel for pixel', () => {
    const img = pattern(7, 5);
    writePng(join(dir, '12003.png'), encodeRgbaPng(img));
    const got = folderSource(dir, photoOfSize(7, 5))(ctx);
    expect([got.width, got.height]).toEqual([7, 5]);
    expect(Array.from(got.data)).toEqual(Array.from(img.data));
  });

  it('names a missing image and a size that differs from the photograph', () => {
    writePng(join(dir, '12003.png'), encodeRgbaPng(pattern(7, 5)));
    expect(() => folderSource(dir, photoOfSize(5, 7))(ctx)).toThrow(/12003\.png is 7x5, the photograph 12003 is 5x7/);
    expect(() => folderSource(dir, photoOfSize(7, 5))({ ...ctx, id: '999' })).toThrow(/no 999\.png or 999\.jpg in/);
  });
});
