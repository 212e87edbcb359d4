/**
 * Separable Gaussian smoothing of an interleaved 3-channel float image, in place, with the
 * conventions of scipy.ndimage.gaussian_filter (which scikit-image's `gaussian` calls): kernel
 * radius int(4 * sigma + 0.5), weights exp(-x^2 / (2 sigma^2)) normalised, 'reflect' border
 * (d c b a | a b c d | d c b a). sigma <= 0 leaves the image unchanged.
 */
export function gaussianBlur3(data: Float64Array, width: number, height: number, sigma: number): void {
  if (!(sigma > 0)) return;
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp((-0.5 * k * k) / (sigma * sigma));
    kernel[k + radius] = w;
    sum += w;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] /= sum;
  // Along x, a row at a time, each row copied out with reflected padding so the convolution
  // loop has no border tests; then along y, whole rows at a time (sequential memory access).
  const idx = reflectIndices(width, radius);
  const padded = new Float64Array(idx.length * 3);
  const kl = kernel.length;
  for (let y = 0; y < height; y++) {
    const base = y * width * 3;
    for (let p = 0; p < idx.length; p++) {
      const src = base + idx[p] * 3;
      padded[p * 3] = data[src];
      padded[p * 3 + 1] = data[src + 1];
      padded[p * 3 + 2] = data[src + 2];
    }
    for (let i = 0; i < width; i++) {
      let a0 = 0, a1 = 0, a2 = 0;
      for (let k = 0, p = i * 3; k < kl; k++, p += 3) {
        const wk = kernel[k];
        a0 += wk * padded[p];
        a1 += wk * padded[p + 1];
        a2 += wk * padded[p + 2];
      }
      const dst = base + i * 3;
      data[dst] = a0;
      data[dst + 1] = a1;
      data[dst + 2] = a2;
    }
  }
  const rows = reflectIndices(height, radius);
  const src = data.slice();
  const stride = width * 3;
  for (let y = 0; y < height; y++) {
    const dst = y * stride;
    data.fill(0, dst, dst + stride);
    for (let k = 0; k < kl; k++) {
      const wk = kernel[k];
      const from = rows[y + k] * stride;
      for (let i = 0; i < stride; i++) data[dst + i] += wk * src[from + i];
    }
  }
}

/** Source index of each padded position -radius..n+radius-1 under scipy's 'reflect' mode. */
function reflectIndices(n: number, radius: number): Int32Array {
  const out = new Int32Array(n + 2 * radius);
  const period = 2 * n;
  for (let p = 0; p < out.length; p++) {
    let i = (p - radius) % period;
    if (i < 0) i += period;
    out[p] = i < n ? i : period - 1 - i;
  }
  return out;
}
