import { assertRgbaImage, type RgbaImage } from './RgbaImage';

/**
 * Composites a (non-premultiplied) RGBA image over white and makes it opaque, in place.
 * Transparent PNG pixels have arbitrary RGB; over white they look as a viewer shows them.
 * Returns the number of pixels that were not fully opaque.
 */
export function compositeOnWhite(image: RgbaImage): number {
  assertRgbaImage(image);
  const d = image.data;
  let changed = 0;
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3];
    if (a === 255) continue;
    changed++;
    const t = 255 - a;
    d[i] = Math.round((d[i] * a + 255 * t) / 255);
    d[i + 1] = Math.round((d[i + 1] * a + 255 * t) / 255);
    d[i + 2] = Math.round((d[i + 2] * a + 255 * t) / 255);
    d[i + 3] = 255;
  }
  return changed;
}
