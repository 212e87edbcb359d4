import * as tf from '@tensorflow/tfjs';
import { segmentSum, segmentSumByMatmul } from './segmentSum';

/**
 * Eq. 4: the superpixel-wise pseudo-labels. Each pixel takes c_i = argmax_k Z_ik; each
 * superpixel j takes the label most of its pixels took, c*_j = argmax_k sum_i s_ij [c_i = k]
 * (ties go to the lowest k). The votes are summed per superpixel with segment sums, or with the
 * one-hot assignment matrix Sᵀ [N, m] when one is given (see segmentSumByMatmul). `z` [N, K],
 * `superpixel` int32 [N] with ids 0..m-1. Returns int32 [m]. No gradient: an integer map.
 */
export function majorityVote(
  z: tf.Tensor2D,
  superpixel: tf.Tensor1D,
  m: number,
  assignment?: tf.Tensor2D,
  chunkRows: number | null = null,
): tf.Tensor1D {
  return tf.tidy(() => {
    const k = z.shape[1];
    const votes = tf.oneHot(tf.argMax(z, 1) as tf.Tensor1D, k).toFloat() as tf.Tensor2D; // [N, K]
    const counts = assignment
      ? segmentSumByMatmul(votes, superpixel, assignment, chunkRows)
      : segmentSum(votes, superpixel, m);
    return tf.argMax(counts, 1) as tf.Tensor1D; // [m]
  });
}
