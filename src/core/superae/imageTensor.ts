import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image/RgbaImage';

function checkImage(image: RgbaImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`image data has ${data.length} bytes, expected ${width * height * 4} (RGBA)`);
  }
}

/** RGBA bytes -> [1, H, W, 3] float32 RGB in [0, 1] (alpha dropped; composite it first). */
export function rgbaToTensor(image: RgbaImage): tf.Tensor4D {
  checkImage(image);
  const { width, height, data } = image;
  const rgb = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgb[i] = data[j] / 255;
    rgb[i + 1] = data[j + 1] / 255;
    rgb[i + 2] = data[j + 2] / 255;
  }
  return tf.tensor4d(rgb, [1, height, width, 3]);
}

/** [1, H, W, 3] values in [0, 1] -> opaque RGBA bytes (rounded, clamped). */
export function rgbFloatsToRgba(values: ArrayLike<number>, width: number, height: number): RgbaImage {
  if (values.length !== width * height * 3) {
    throw new RangeError(`expected ${width * height * 3} RGB values, got ${values.length}`);
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; j < data.length; i += 3, j += 4) {
    data[j] = Math.round(values[i] * 255);
    data[j + 1] = Math.round(values[i + 1] * 255);
    data[j + 2] = Math.round(values[i + 2] * 255);
    data[j + 3] = 255;
  }
  return { width, height, data };
}
