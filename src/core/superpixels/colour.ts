/**
 * sRGB -> CIELab and CIELuv (D65), the formulas of scikit-image's rgb2lab / rgb2luv: sRGB gamma
 * removed, XYZ by the sRGB matrix, normalised by the D65 white. Output interleaved, length 3N:
 * Float64Array for Lab, which SLIC compares in double precision as scikit-image does (float32
 * distances flip enough ties to move k-means elsewhere); Float32Array for Luv, which mean shift
 * reads many times over. RGB inputs are 8-bit, so the gamma step is a 256-entry table, and a
 * photograph repeats its colours (the first 50 BSDS500 test images: 28% of the pixels have a
 * colour not seen before in the image), so each distinct colour is converted once
 * (ColourCache) and repeats copy its values.
 */

const M = [
  [0.412453, 0.35758, 0.180423],
  [0.212671, 0.71516, 0.072169],
  [0.019334, 0.119193, 0.950227],
] as const;
const WHITE = [0.95047, 1.0, 1.08883] as const;

function linearise(c: number): number {
  return c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
}

/**
 * Table of linear-light values for the 8-bit codes. With `rescale`, codes are first mapped by
 * (v - min) / (max - min), as scikit-image's `slic` rescales its input to [0, 1] before Lab.
 */
function gammaTable(rescale: { min: number; max: number } | null): Float64Array {
  const t = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    let c = v / 255;
    if (rescale) {
      const span = rescale.max - rescale.min;
      c = span > 0 ? (v - rescale.min) / span : v - rescale.min;
    }
    t[v] = linearise(c);
  }
  return t;
}

/** Min and max over the R, G, B bytes of an RGBA buffer. */
export function rgbRange(data: Uint8ClampedArray): { min: number; max: number } {
  let min = 255;
  let max = 0;
  // A row-sized block at a time; once 0 and 255 have both been seen nothing can change (most
  // photographs have both).
  for (let from = 0; from < data.length && (min > 0 || max < 255); from += 2048) {
    const to = Math.min(data.length, from + 2048);
    for (let i = from; i < to; i += 4) {
      const r = data[i], g = data[i + 1], b = data[i + 2];
      min = Math.min(min, r, g, b);
      max = Math.max(max, r, g, b);
    }
  }
  return { min, max };
}

function labF(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

/**
 * Open-addressing table from 24-bit RGB to the output offset of its first pixel. Capacity is
 * fixed; past 60% load new colours are converted without being remembered.
 */
class ColourCache {
  /** Slot s: colour at 2s (-1 empty), output offset at 2s + 1 (one cache line per probe). */
  private readonly slots = new Int32Array(2 << 17).fill(-1);
  private size = 0;

  /** Output offset of an earlier pixel with this colour, or -1 (remembering `offset` for it). */
  lookup(rgb: number, offset: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = Math.imul(rgb, 0x9e3779b1) >>> 15;
    for (;;) {
      const k = slots[2 * s];
      if (k === rgb) return slots[2 * s + 1];
      if (k === -1) break;
      s = (s + 1) & mask;
    }
    if (this.size < 0.6 * (mask + 1)) {
      slots[2 * s] = rgb;
      slots[2 * s + 1] = offset;
      this.size++;
    }
    return -1;
  }
}

/**
 * Converts each pixel's linear-light (r, g, b) with `convert`, which writes 3 values at out[j];
 * a colour seen before copies the values of its first pixel.
 */
function convertColours(
  data: Uint8ClampedArray, gamma: Float64Array,
  convert: (r: number, g: number, b: number, out: Float64Array, j: number) => void,
): Float64Array {
  const n = data.length >> 2;
  const out = new Float64Array(n * 3);
  const cache = new ColourCache();
  for (let i = 0, j = 0; j < n * 3; i += 4, j += 3) {
    const seen = cache.lookup((data[i] << 16) | (data[i + 1] << 8) | data[i + 2], j);
    if (seen >= 0) {
      out[j] = out[seen];
      out[j + 1] = out[seen + 1];
      out[j + 2] = out[seen + 2];
    } else {
      convert(gamma[data[i]], gamma[data[i + 1]], gamma[data[i + 2]], out, j);
    }
  }
  return out;
}

const [M0, M1, M2] = M;

function labOf(r: number, g: number, b: number, out: Float64Array, j: number): void {
  const fx = labF((M0[0] * r + M0[1] * g + M0[2] * b) / WHITE[0]);
  const fy = labF((M1[0] * r + M1[1] * g + M1[2] * b) / WHITE[1]);
  const fz = labF((M2[0] * r + M2[1] * g + M2[2] * b) / WHITE[2]);
  out[j] = 116 * fy - 16;
  out[j + 1] = 500 * (fx - fy);
  out[j + 2] = 200 * (fy - fz);
}

/** RGBA bytes -> interleaved L, a, b (L in [0, 100]), in double precision as scikit-image. */
export function rgbaToLab(data: Uint8ClampedArray, rescale: { min: number; max: number } | null = null): Float64Array {
  return convertColours(data, gammaTable(rescale), labOf);
}

const W_DEN = WHITE[0] + 15 * WHITE[1] + 3 * WHITE[2];
const U_N = (4 * WHITE[0]) / W_DEN;
const V_N = (9 * WHITE[1]) / W_DEN;

function luvOf(r: number, g: number, b: number, out: Float64Array, j: number): void {
  const x = M0[0] * r + M0[1] * g + M0[2] * b;
  const y = M1[0] * r + M1[1] * g + M1[2] * b;
  const z = M2[0] * r + M2[1] * g + M2[2] * b;
  const yr = y / WHITE[1];
  const L = yr > 0.008856 ? 116 * Math.cbrt(yr) - 16 : 903.3 * yr;
  const den = x + 15 * y + 3 * z;
  out[j] = L;
  out[j + 1] = den <= 0 ? 0 : 13 * L * ((4 * x) / den - U_N);
  out[j + 2] = den <= 0 ? 0 : 13 * L * ((9 * y) / den - V_N);
}

/** RGBA bytes -> interleaved L, u, v (L in [0, 100]), rounded to float32. */
export function rgbaToLuv(data: Uint8ClampedArray): Float32Array {
  return new Float32Array(convertColours(data, gammaTable(null), luvOf));
}
