/**
 * An 8-bit RGBA image in row-major order, the layout of the DOM's `ImageData`, so that a canvas
 * read and a decoded file share one type. Alpha is kept only so that the buffer can go straight
 * to a canvas; the algorithms read RGB.
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes: R, G, B, A per pixel. */
  readonly data: Uint8ClampedArray;
}

/** Checks the invariants every algorithm relies on; throws a message naming what is wrong. */
export function assertRgbaImage(image: RgbaImage, what = 'image'): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`${what}: size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(
      `${what}: expected ${width * height * 4} bytes for ${width}x${height} RGBA, got ${data.length}`,
    );
  }
}

/** A new image of the given size filled with one colour. */
export function createRgbaImage(
  width: number,
  height: number,
  rgba: readonly [number, number, number, number] = [0, 0, 0, 255],
): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgba[0];
    data[i + 1] = rgba[1];
    data[i + 2] = rgba[2];
    data[i + 3] = rgba[3];
  }
  const image = { width, height, data };
  assertRgbaImage(image);
  return image;
}
