import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng } from './encodePng';

const deflate = (b: Uint8Array) => Promise.resolve(new Uint8Array(deflateSync(b)));

describe('encodeGrayPng', () => {
  it('writes 16-bit samples that an independent decoder reads back', async () => {
    const samples = Uint16Array.from([1, 2, 300, 65535, 0, 4096]);
    const png = PNG.sync.read(Buffer.from(await encodeGrayPng(3, 2, samples, deflate)), { skipRescale: true });
    expect([png.width, png.height]).toEqual([3, 2]);
    // pngjs expands gray to RGBA; skipRescale keeps 16-bit values in a Uint16Array view.
    const back = Array.from({ length: 6 }, (_, i) => (png.data as unknown as Uint16Array)[i * 4]);
    expect(back).toEqual(Array.from(samples));
  });

  it('writes 8-bit samples and rejects a wrong sample count', async () => {
    const png = PNG.sync.read(Buffer.from(await encodeGrayPng(2, 1, Uint8Array.from([7, 250]), deflate)));
    expect([png.data[0], png.data[4]]).toEqual([7, 250]);
    await expect(encodeGrayPng(2, 2, new Uint8Array(3), deflate)).rejects.toThrow(/expected 4 samples/);
  });
});
