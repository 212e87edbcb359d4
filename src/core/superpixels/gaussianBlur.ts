/**
 * Separable Gaussian smoothing of an interleaved 3-channel float image, in place, with the
 * conventions of scipy.ndimage.gaussian_filter (which scikit-image's `gaussian` calls): kernel
 * radius int(4 * sigma + 0.5), weights exp(-x^2 / (2 sigma^2)) normalised, 'reflect' border
 * (d c b a | a b c d | d c b a). sigma <= 0 leaves the image unchanged.
 *
 * The kernel is symmetric, so each pass adds the two samples at distance t before weighting
 * them (radius + 1 products per output instead of 2 radius + 1). That reorders the double
 * rounding (differences near 1e-16 relative); Felzenszwalb's edge weights are float32, which
 * absorbs them.
 */
export function gaussianBlur3(data: Float64Array, width: number, height: number, sigma: number): void {
  if (!(sigma > 0)) return;
  blur(width, height, sigma, (y, idx, padded) => padRow(data, y * width * 3, idx, padded), data);
}

/**
 * gaussianBlur3 of the R, G, B bytes of an RGBA image (0-255 scale), into a new interleaved
 * array: the same values as converting to floats first, without that pass.
 */
export function gaussianBlurRgba(data: Uint8ClampedArray, width: number, height: number, sigma: number): Float64Array {
  const out = new Float64Array(width * height * 3);
  if (!(sigma > 0)) {
    for (let i = 0, j = 0; j < out.length; i += 4, j += 3) {
      out[j] = data[i];
      out[j + 1] = data[i + 1];
      out[j + 2] = data[i + 2];
    }
    return out;
  }
  blur(width, height, sigma, (y, idx, padded) => padRowRgba(data, y * width * 4, idx, padded), out);
  return out;
}

/** Fills `padded` with row y of the source, reflected at both ends as `idx` says. */
type RowLoader = (y: number, idx: Int32Array, padded: Float64Array) => void;

/**
 * The normalised kernel's weights at distances 0..radius (the kernel is symmetric), radius
 * int(4 * sigma + 0.5).
 */
export function gaussianHalfKernel(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp((-0.5 * k * k) / (sigma * sigma));
    kernel[k + radius] = w;
    sum += w;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] /= sum;
  // half[t]: weight of the samples at distance t (kernel[radius - t] = kernel[radius + t]).
  return kernel.slice(radius);
}

function blur(width: number, height: number, sigma: number, load: RowLoader, out: Float64Array): void {
  const half = gaussianHalfKernel(sigma);
  const radius = half.length - 1;
  const tmp = new Float64Array(width * height * 3);
  if (radius === 3) {
    blurRows3(load, tmp, width, height, half);
    blurColumns3(tmp, out, width, height, half);
  } else {
    blurRows(load, tmp, width, height, half);
    blurColumns(tmp, out, width, height, half);
  }
}

/**
 * Along x, a row at a time: each row copied out with reflected padding so the convolution loop
 * has no border tests. A function of its own so the JIT optimises the loop in isolation.
 */
function blurRows(load: RowLoader, dst: Float64Array, width: number, height: number, half: Float64Array): void {
  const radius = half.length - 1;
  const idx = reflectIndices(width, radius);
  const padded = new Float64Array(idx.length * 3);
  const k0 = half[0];
  for (let y = 0; y < height; y++) {
    const base = y * width * 3;
    load(y, idx, padded);
    for (let i = 0, c = radius * 3, d = base; i < width; i++, c += 3, d += 3) {
      let a0 = k0 * padded[c], a1 = k0 * padded[c + 1], a2 = k0 * padded[c + 2];
      for (let t = 1, o = 3; t <= radius; t++, o += 3) {
        const wt = half[t];
        a0 += wt * (padded[c - o] + padded[c + o]);
        a1 += wt * (padded[c - o + 1] + padded[c + o + 1]);
        a2 += wt * (padded[c - o + 2] + padded[c + o + 2]);
      }
      dst[d] = a0;
      dst[d + 1] = a1;
      dst[d + 2] = a2;
    }
  }
}

/** Along y, whole rows at a time (sequential memory access). */
function blurColumns(src: Float64Array, dst: Float64Array, width: number, height: number, half: Float64Array): void {
  const radius = half.length - 1;
  const rows = reflectIndices(height, radius);
  const stride = width * 3;
  const k0 = half[0];
  for (let y = 0; y < height; y++) {
    const d = y * stride;
    for (let i = 0; i < stride; i++) dst[d + i] = k0 * src[d + i];
    for (let t = 1; t <= radius; t++) {
      const wt = half[t];
      const up = rows[y + radius - t] * stride;
      const down = rows[y + radius + t] * stride;
      for (let i = 0; i < stride; i++) dst[d + i] += wt * (src[up + i] + src[down + i]);
    }
  }
}

/** blurRows for radius 3, unrolled, adding the terms in blurRows' order (the same doubles). */
function blurRows3(load: RowLoader, dst: Float64Array, width: number, height: number, half: Float64Array): void {
  const idx = reflectIndices(width, 3);
  const padded = new Float64Array(idx.length * 3);
  const k0 = half[0], k1 = half[1], k2 = half[2], k3 = half[3];
  for (let y = 0; y < height; y++) {
    const base = y * width * 3;
    load(y, idx, padded);
    // c runs over the samples of channels 0..2 of pixels 0..width-1 (the padding is 9 wide).
    for (let c = 9, d = base; c < 9 + width * 3; c++, d++) {
      dst[d] = k0 * padded[c] + k1 * (padded[c - 3] + padded[c + 3]) + k2 * (padded[c - 6] + padded[c + 6]) + k3 * (padded[c - 9] + padded[c + 9]);
    }
  }
}

/**
 * blurColumns for radius 3 (sigma in [0.625, 0.875), Felzenszwalb's default 0.8 among them):
 * the seven rows in one pass, adding the terms in blurColumns' order (the same doubles).
 */
function blurColumns3(src: Float64Array, dst: Float64Array, width: number, height: number, half: Float64Array): void {
  const rows = reflectIndices(height, 3);
  const stride = width * 3;
  const k0 = half[0], k1 = half[1], k2 = half[2], k3 = half[3];
  for (let y = 0; y < height; y++) {
    const d = y * stride;
    const u1 = rows[y + 2] * stride, u2 = rows[y + 1] * stride, u3 = rows[y] * stride;
    const d1 = rows[y + 4] * stride, d2 = rows[y + 5] * stride, d3 = rows[y + 6] * stride;
    for (let i = 0; i < stride; i++) {
      dst[d + i] = k0 * src[d + i] + k1 * (src[u1 + i] + src[d1 + i]) + k2 * (src[u2 + i] + src[d2 + i]) + k3 * (src[u3 + i] + src[d3 + i]);
    }
  }
}

/** The row of 3-channel pixels starting at src[base], copied out with reflected padding. */
function padRow(src: Float64Array, base: number, idx: Int32Array, padded: Float64Array): void {
  for (let p = 0; p < idx.length; p++) {
    const s = base + idx[p] * 3;
    padded[p * 3] = src[s];
    padded[p * 3 + 1] = src[s + 1];
    padded[p * 3 + 2] = src[s + 2];
  }
}

/** padRow for the R, G, B bytes of an RGBA row starting at data[base]. */
function padRowRgba(data: Uint8ClampedArray, base: number, idx: Int32Array, padded: Float64Array): void {
  for (let p = 0; p < idx.length; p++) {
    const s = base + idx[p] * 4;
    padded[p * 3] = data[s];
    padded[p * 3 + 1] = data[s + 1];
    padded[p * 3 + 2] = data[s + 2];
  }
}

/** Source index of each padded position -radius..n+radius-1 under scipy's 'reflect' mode. */
export function reflectIndices(n: number, radius: number): Int32Array {
  const out = new Int32Array(n + 2 * radius);
  const period = 2 * n;
  for (let p = 0; p < out.length; p++) {
    let i = (p - radius) % period;
    if (i < 0) i += period;
    out[p] = i < n ? i : period - 1 - i;
  }
  return out;
}
