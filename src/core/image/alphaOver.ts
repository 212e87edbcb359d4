import { assertRgbaImage, type RgbaImage } from './RgbaImage';

/**
 * `top` (non-premultiplied RGBA, e.g. a renderOverlay result) composited over an opaque `base`
 * of the same size, as a canvas draws one above the other; returns a new opaque image.
 */
export function alphaOver(base: RgbaImage, top: RgbaImage): RgbaImage {
  assertRgbaImage(base, 'base');
  assertRgbaImage(top, 'top');
  if (base.width !== top.width || base.height !== top.height) {
    throw new RangeError(
      `top ${top.width}x${top.height} does not match base ${base.width}x${base.height}`,
    );
  }
  const data = new Uint8ClampedArray(base.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = top.data[i + 3] / 255;
    for (let c = 0; c < 3; c++)
      data[i + c] = Math.round(top.data[i + c] * a + base.data[i + c] * (1 - a));
    data[i + 3] = 255;
  }
  return { width: base.width, height: base.height, data };
}
