/**
 * sRGB -> CIELab and CIELuv (D65), the formulas of scikit-image's rgb2lab / rgb2luv: sRGB gamma
 * removed, XYZ by the sRGB matrix, normalised by the D65 white. Output interleaved, length 3N:
 * Float64Array for Lab, which SLIC compares in double precision as scikit-image does (float32
 * distances flip enough ties to move k-means elsewhere); Float32Array for Luv, which mean shift
 * reads many times over. RGB inputs are 8-bit, so the gamma step is a 256-entry table.
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
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const v = data[i + c];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max };
}

function labF(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

/** RGBA bytes -> interleaved L, a, b (L in [0, 100]), in double precision as scikit-image. */
export function rgbaToLab(data: Uint8ClampedArray, rescale: { min: number; max: number } | null = null): Float64Array {
  const n = data.length >> 2;
  const out = new Float64Array(n * 3);
  const g = gammaTable(rescale);
  const [m0, m1, m2] = M;
  for (let i = 0, j = 0; j < n * 3; i += 4, j += 3) {
    const r = g[data[i]];
    const gg = g[data[i + 1]];
    const b = g[data[i + 2]];
    const fx = labF((m0[0] * r + m0[1] * gg + m0[2] * b) / WHITE[0]);
    const fy = labF((m1[0] * r + m1[1] * gg + m1[2] * b) / WHITE[1]);
    const fz = labF((m2[0] * r + m2[1] * gg + m2[2] * b) / WHITE[2]);
    out[j] = 116 * fy - 16;
    out[j + 1] = 500 * (fx - fy);
    out[j + 2] = 200 * (fy - fz);
  }
  return out;
}

/** RGBA bytes -> interleaved L, u, v (L in [0, 100]). */
export function rgbaToLuv(data: Uint8ClampedArray): Float32Array {
  const n = data.length >> 2;
  const out = new Float32Array(n * 3);
  const g = gammaTable(null);
  const [m0, m1, m2] = M;
  const wDen = WHITE[0] + 15 * WHITE[1] + 3 * WHITE[2];
  const un = (4 * WHITE[0]) / wDen;
  const vn = (9 * WHITE[1]) / wDen;
  for (let i = 0, j = 0; j < n * 3; i += 4, j += 3) {
    const r = g[data[i]];
    const gg = g[data[i + 1]];
    const b = g[data[i + 2]];
    const x = m0[0] * r + m0[1] * gg + m0[2] * b;
    const y = m1[0] * r + m1[1] * gg + m1[2] * b;
    const z = m2[0] * r + m2[1] * gg + m2[2] * b;
    const yr = y / WHITE[1];
    const L = yr > 0.008856 ? 116 * Math.cbrt(yr) - 16 : 903.3 * yr;
    const den = x + 15 * y + 3 * z;
    if (den <= 0) {
      out[j] = L;
      out[j + 1] = 0;
      out[j + 2] = 0;
      continue;
    }
    out[j] = L;
    out[j + 1] = 13 * L * ((4 * x) / den - un);
    out[j + 2] = 13 * L * ((9 * y) / den - vn);
  }
  return out;
}

/** RGBA bytes -> interleaved R, G, B as doubles on the 0-255 scale. */
export function rgbaToRgbFloat(data: Uint8ClampedArray): Float64Array {
  const n = data.length >> 2;
  const out = new Float64Array(n * 3);
  for (let i = 0, j = 0; j < n * 3; i += 4, j += 3) {
    out[j] = data[i];
    out[j + 1] = data[i + 1];
    out[j + 2] = data[i + 2];
  }
  return out;
}
