/** zlib-wrapped deflate: CompressionStream('deflate') in browsers, zlib.deflateSync in Node. */
export type Deflate = (bytes: Uint8Array) => Promise<Uint8Array>;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/**
 * Encodes a grayscale image as PNG, 8- or 16-bit (16-bit samples are written big-endian, as PNG
 * requires). Used to export label maps, whose values may exceed 255.
 */
export async function encodeGrayPng(
  width: number,
  height: number,
  samples: Uint8Array | Uint16Array,
  deflate: Deflate,
): Promise<Uint8Array> {
  if (samples.length !== width * height) throw new RangeError(`expected ${width * height} samples, got ${samples.length}`);
  const bitDepth = samples instanceof Uint16Array ? 16 : 8;
  const bpp = bitDepth / 8;
  const raw = new Uint8Array(height * (1 + width * bpp));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * bpp); // filter byte 0 (none) starts each row
    for (let x = 0; x < width; x++) {
      const v = samples[y * width + x];
      if (bpp === 2) {
        raw[row + 1 + x * 2] = v >>> 8;
        raw[row + 2 + x * 2] = v & 0xff;
      } else raw[row + 1 + x] = v;
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = bitDepth;
  ihdr[9] = 0; // grayscale
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
