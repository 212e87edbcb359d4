import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { LabelMap } from '../../core/image/LabelMap';
import type { RgbaImage } from '../../core/image/RgbaImage';

/** Encodes an RGBA image as an 8-bit PNG. */
export function encodeRgbaPng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
  return PNG.sync.write(png);
}

/**
 * Encodes a label map as a 16-bit grayscale PNG holding label + 1 (0 is left for "no label",
 * as BSDS500 ground truth starts at 1). Throws if a label does not fit in 16 bits.
 */
export function encodeLabelPng(map: LabelMap): Buffer {
  const { width, height, labels } = map;
  const png = new PNG({ width, height, bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const data = Buffer.alloc(width * height * 2);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] + 1;
    if (v < 1 || v > 65535) throw new RangeError(`label ${labels[i]} does not fit a 16-bit PNG`);
    // pngjs takes 16-bit samples in the platform's (little-endian) order and writes them
    // big-endian itself; writing BE here swapped the bytes in the file.
    data.writeUInt16LE(v, i * 2);
  }
  png.data = data;
  return PNG.sync.write(png, { bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

export function writePng(path: string, bytes: Buffer): void {
  writeFileSync(path, bytes);
}
