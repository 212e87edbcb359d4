/**
 * The 1-D bilinear interpolation matrix R [outSize, inSize] with half-pixel centres (PyTorch
 * `align_corners=False`, TF `half_pixel_centers=true`): output sample o reads the input at
 * (o + 0.5) * inSize / scaledSize - 0.5, clamped to the edge. Only the first `outSize` rows of
 * the `scaledSize`-long output are kept, which crops padding away for free.
 *
 * Upsampling a [h, w] channel is then Ry · X · Rxᵀ: two matmuls whose gradient is exact on every
 * backend, unlike tfjs's ResizeBilinear gradient (height/width swapped on non-square inputs by
 * the cpu backend, half-pixel centres ignored). Row-major Float32Array.
 */
export function bilinearMatrix(
  inSize: number,
  scaledSize: number,
  outSize = scaledSize,
): Float32Array {
  if (!Number.isInteger(inSize) || inSize < 1)
    throw new RangeError(`inSize must be a positive integer, got ${inSize}`);
  if (!Number.isInteger(scaledSize) || scaledSize < 1)
    throw new RangeError(`scaledSize must be a positive integer, got ${scaledSize}`);
  if (!Number.isInteger(outSize) || outSize < 1 || outSize > scaledSize)
    throw new RangeError(`outSize must be an integer from 1 to ${scaledSize}, got ${outSize}`);
  const m = new Float32Array(outSize * inSize);
  const scale = inSize / scaledSize;
  for (let o = 0; o < outSize; o++) {
    const src = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inSize - 1);
    const i0 = Math.floor(src);
    const i1 = Math.min(i0 + 1, inSize - 1);
    const f = src - i0;
    m[o * inSize + i0] += 1 - f;
    m[o * inSize + i1] += f;
  }
  return m;
}
