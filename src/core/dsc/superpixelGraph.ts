import * as tf from '@tensorflow/tfjs';

/**
 * Centres of the superpixels (mean pixel position, x = column, y = row), for the locality
 * condition of Eq. 7. `index` holds contiguous superpixel ids 0..m-1, row-major, width `width`.
 */
export function superpixelCentres(index: Int32Array, width: number, m: number): Float64Array {
  const acc = new Float64Array(3 * m);
  for (let i = 0; i < index.length; i++) {
    const j = index[i];
    acc[3 * j] += i % width;
    acc[3 * j + 1] += Math.floor(i / width);
    acc[3 * j + 2] += 1;
  }
  const out = new Float64Array(2 * m);
  for (let j = 0; j < m; j++) {
    out[2 * j] = acc[3 * j] / acc[3 * j + 2];
    out[2 * j + 1] = acc[3 * j + 1] / acc[3 * j + 2];
  }
  return out;
}

/**
 * Eq. 7's locality condition as a 0/1 matrix [m, m], row-major: 1 when ||c_j - c_l|| < r.
 * The diagonal is 1 (a superpixel is at distance 0 from itself).
 */
export function localityMask(centres: Float64Array, r: number): Float32Array {
  const m = centres.length / 2;
  const mask = new Float32Array(m * m);
  const r2 = r * r;
  for (let j = 0; j < m; j++) {
    for (let l = 0; l < m; l++) {
      const dx = centres[2 * j] - centres[2 * l];
      const dy = centres[2 * j + 1] - centres[2 * l + 1];
      mask[j * m + l] = r === Infinity || dx * dx + dy * dy < r2 ? 1 : 0;
    }
  }
  return mask;
}

/**
 * Eq. 7: W_jl = exp(-||F_j - F_l||^2 / sigma) * mask_jl, for F [m, K] and mask [m, m].
 * Squared distances are clamped at 0, as the expanded form can go slightly negative in float32.
 */
export function similarityMatrix(f: tf.Tensor2D, mask: tf.Tensor2D, sigma: number): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = f.square().sum(1, true); // [m, 1]
    const d2 = sq
      .add(sq.transpose())
      .sub(f.matMul(f, false, true).mul(2))
      .relu(); // [m, m]
    return d2.div(-sigma).exp().mul(mask) as tf.Tensor2D;
  });
}
