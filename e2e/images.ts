import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export type Rgba = [number, number, number, number];

/** An RGBA PNG whose pixel (x, y) is `pixel(x, y)`. */
export function makePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => Rgba,
  options: { colorType?: 0 | 2 | 6; deflateLevel?: number } = {},
): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      const i = (y * width + x) * 4;
      png.data[i] = p[0];
      png.data[i + 1] = p[1];
      png.data[i + 2] = p[2];
      png.data[i + 3] = p[3];
    }
  }
  const colorType = options.colorType ?? 6;
  return PNG.sync.write(png, {
    colorType,
    inputColorType: 6,
    inputHasAlpha: true,
    deflateLevel: options.deflateLevel ?? 6,
  });
}

/** A large flat PNG, cheap to encode: every row is filter 0 plus the same bytes. */
export function makeFlatPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
  }
  png.data = data;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, deflateLevel: 1 });
}

/** A baseline JPEG; with `orientation`, an EXIF APP1 segment carrying that orientation tag. */
export function makeJpeg(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
  orientation?: number,
): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      const i = (y * width + x) * 4;
      data[i] = p[0];
      data[i + 1] = p[1];
      data[i + 2] = p[2];
      data[i + 3] = 255;
    }
  }
  const encoded = Buffer.from(jpeg.encode({ data, width, height }, 95).data);
  if (orientation === undefined) return encoded;
  // Big-endian TIFF with one IFD entry: tag 0x0112 (Orientation), SHORT, count 1.
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00,
    0x00, 0x01, 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16(payload.length + 2), payload]);
  // Insert right after SOI (FF D8), before the encoder's APP0/JFIF.
  return Buffer.concat([encoded.subarray(0, 2), app1, encoded.subarray(2)]);
}

function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}
