import * as tf from '@tensorflow/tfjs';
import { chunkedMatMulTA } from './chunkedMatMul';

/**
 * Row gather and its adjoint, the segment sum, with gradients defined in terms of each other.
 *
 * Why not tf.unsortedSegmentSum / tf.gather alone: the cpu backend computes UnsortedSegmentSum
 * with one masked reduction per segment, O(N * M * K), which dominated a whole DSC iteration; and
 * Gather's gradient is that same op. On the cpu backend the forward segment sum here is one pass
 * over the rows in plain JS (the data already lives in JS memory there, as on wasm); other
 * backends use their own kernels.
 */

/** out[j] = sum of the rows i of x [N, K] with ids[i] = j; ids int32 [N] in 0..m-1. [m, K]. */
export function segmentSum(x: tf.Tensor2D, ids: tf.Tensor1D, m: number): tf.Tensor2D {
  return segmentSumOp(m)(x, ids) as tf.Tensor2D;
}

/** out[i] = x[ids[i]]: x [M, K], ids int32 [N] in 0..M-1. [N, K]. */
export function gatherRows(x: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  return gatherRowsOp(x, ids) as tf.Tensor2D;
}

function forwardSegmentSum(x: tf.Tensor2D, ids: tf.Tensor1D, m: number): tf.Tensor2D {
  // wasm has no UnsortedSegmentSum at all; its data, like the cpu backend's, is in JS reach.
  const backend = tf.getBackend();
  if (backend !== 'cpu' && backend !== 'wasm') return tf.unsortedSegmentSum(x, ids, m);
  const [n, k] = x.shape;
  const xv = x.dataSync();
  const iv = ids.dataSync();
  const out = new Float32Array(m * k);
  for (let i = 0; i < n; i++) {
    const j = iv[i];
    if (!(j >= 0 && j < m))
      throw new RangeError(`segmentSum: id ${j} at row ${i} is outside 0..${m - 1}`);
    const o = j * k;
    const s = i * k;
    for (let c = 0; c < k; c++) out[o + c] += xv[s + c];
  }
  return tf.tensor2d(out, [m, k]);
}

const segmentSumOp = (m: number) =>
  tf.customGrad((...args) => {
    const [x, ids, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([ids]); // ids may be made inside the forward pass, which frees them before the backward
    return {
      value: forwardSegmentSum(x, ids, m),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
        gatherRows(dy as tf.Tensor2D, saved[0] as tf.Tensor1D),
        tf.zerosLike(saved[0]),
      ],
    };
  });

const gatherRowsOp = tf.customGrad((...args) => {
  const [x, ids, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([ids]);
  const rows = x.shape[0];
  return {
    value: tf.gather(x, ids),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
      segmentSum(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, rows),
      tf.zerosLike(saved[0]),
    ],
  };
});

/**
 * The largest one-hot assignment matrix (M x N entries) built for segmentSumByMatmul: 2^25
 * float32 entries (128 MiB) covers 200 superpixels of a 321x481 image. Beyond it the segment
 * sums fall back to tf.unsortedSegmentSum.
 */
export const MAX_ASSIGNMENT_ENTRIES = 2 ** 25;

/**
 * The one-hot assignment Sᵀ [N, m] of N rows to m segments: Sᵀ[i, j] = 1 when ids[i] = j (rows
 * are pixels, so chunks of rows are contiguous; see chunkedMatMulTA).
 */
export function assignmentMatrix(ids: Int32Array, m: number): tf.Tensor2D {
  const n = ids.length;
  if (m * n > MAX_ASSIGNMENT_ENTRIES) {
    throw new RangeError(`assignmentMatrix: ${m} x ${n} entries exceed ${MAX_ASSIGNMENT_ENTRIES}`);
  }
  const s = new Float32Array(m * n);
  for (let i = 0; i < n; i++) {
    const j = ids[i];
    if (!(j >= 0 && j < m))
      throw new RangeError(`assignmentMatrix: id ${j} at row ${i} is outside 0..${m - 1}`);
    s[i * m + j] = 1;
  }
  return tf.tensor2d(s, [n, m]);
}

/**
 * segmentSum as a matrix product, out = S · x with Sᵀ from assignmentMatrix ([m, N] x [N, K]);
 * its gradient is the row gather dy[ids]. On webgpu tfjs's UnsortedSegmentSum adds every row
 * into its segment with emulated float atomics, thousands of them per address when a few hundred
 * superpixels pool a whole image. With `chunkRows` the product is a chunkedMatMulTA (no
 * atomics); without, tfjs's own matmul (split-K for these shapes).
 */
export function segmentSumByMatmul(
  x: tf.Tensor2D,
  ids: tf.Tensor1D,
  assignment: tf.Tensor2D,
  chunkRows: number | null = null,
): tf.Tensor2D {
  // ids and S are per-image constants that outlive the backward pass: closed over rather than
  // passed as inputs, so no zero gradient as large as S is ever made for them.
  const op = tf.customGrad((...args) => {
    const [input] = args as [tf.Tensor2D, tf.GradSaveFunc];
    return {
      value:
        chunkRows === null
          ? assignment.matMul(input, true, false)
          : chunkedMatMulTA(assignment, input, chunkRows),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [tf.gather(dy as tf.Tensor2D, ids)],
    };
  });
  return op(x) as tf.Tensor2D;
}
