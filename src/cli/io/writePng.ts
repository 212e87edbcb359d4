import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  // pngjs reads 16-bit input in the platform's byte order (a Uint16Array over png.data).
  const data = new Uint16Array(width * height);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] + 1;
    if (v < 1 || v > 65535) throw new RangeError(`label ${labels[i]} does not fit a 16-bit PNG`);
    data[i] = v;
  }
  png.data = Buffer.from(data.buffer);
  return PNG.sync.write(png, { bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

export function writePng(path: string, bytes: Buffer): void {
  writeFileSync(path, bytes);
}

/**
 * Writes relabelled maps (each the same size as the map it came from) into outDir as label PNGs
 * under their names, and counts the regions before and after (bsds:split-components and
 * bsds:guided-merge).
 */
export function writeRelabelledMaps(
  outDir: string,
  maps: { name: string; map: LabelMap; out: { labels: Int32Array; count: number } }[],
): { maps: number; regionsIn: number; regionsOut: number } {
  mkdirSync(outDir, { recursive: true });
  let regionsIn = 0;
  let regionsOut = 0;
  for (const { name, map, out } of maps) {
    writeFileSync(join(outDir, name), encodeLabelPng({ width: map.width, height: map.height, labels: out.labels }));
    regionsIn += new Set(map.labels).size;
    regionsOut += out.count;
  }
  return { maps: maps.length, regionsIn, regionsOut };
}
