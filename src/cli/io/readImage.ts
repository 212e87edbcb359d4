import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { compositeOnWhite } from '../../core/image/compositeOnWhite';
import type { RgbaImage } from '../../core/image/RgbaImage';
import { jpegLooksComplete, sniffImageType } from '../../core/image/sniffImageType';

/** Decodes a JPEG or PNG file into RGBA (alpha composited on white), for Node entry points. */
export function readImage(path: string): RgbaImage {
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new Error(`${path}: the file is empty`);
  const type = sniffImageType(bytes);
  let image: RgbaImage;
  if (type === 'jpeg') {
    if (!jpegLooksComplete(bytes)) throw new Error(`${path}: the JPEG is truncated`);
    const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 });
    image = { width: d.width, height: d.height, data: new Uint8ClampedArray(d.data.buffer) };
  } else if (type === 'png') {
    const p = PNG.sync.read(bytes);
    image = { width: p.width, height: p.height, data: new Uint8ClampedArray(p.data.buffer, p.data.byteOffset, p.data.length) };
  } else {
    throw new Error(`${path}: not a JPEG or PNG file (${type})`);
  }
  compositeOnWhite(image);
  return image;
}
