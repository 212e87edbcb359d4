import * as tf from '@tensorflow/tfjs';
import { chunkedMatMulTA } from './chunkedMatMul';

/**
 * Conv bias, batch norm with the current image's statistics (PyTorch's train mode, biased
 * variance) and the affine step, on rows x [N, C] (N pixels): y = γ · (x + b − μ) / √(σ² + ε) + β.
 *
 * Same values and gradients as writing it out with tf.moments and broadcasting ops (the 'matmul'
 * kernel set), but every per-channel sum, forward and backward, is a product with a ones vector
 * (chunkedMatMulTA) rather than a tfjs reduction, and the backward is the closed form
 *   x̂ = (x − μ) · rstd,  dβ = Σ dy,  dγ = Σ dy · x̂,
 *   dx = γ · rstd · (dy − dβ / N − x̂ · dγ / N),  db = Σ dx (0 up to rounding: the mean cancels b).
 * tfjs's webgpu reduction gives each output value one workgroup, so a per-channel sum over a
 * whole image keeps only C of the GPU's workgroups busy (docs/performance.md).
 */
export function batchNormBatchStats(
  x: tf.Tensor2D,
  bias: tf.Tensor1D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  chunkRows?: number,
): tf.Tensor2D {
  const n = x.shape[0];
  const colSum = (t: tf.Tensor2D, ones: tf.Tensor2D) => chunkedMatMulTA(ones, t, chunkRows).reshape([-1]); // [C]
  const op = tf.customGrad((...args) => {
    const [input, b, g, bt, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    // tf.fill runs on the backend; tf.ones would build and upload the array.
    const ones = tf.fill([n, 1], 1) as tf.Tensor2D;
    const pre = input.add(b) as tf.Tensor2D;
    const mean = colSum(pre, ones).div(n);
    const centred = pre.sub(mean) as tf.Tensor2D;
    const variance = colSum(centred.square() as tf.Tensor2D, ones).div(n);
    const rstd = variance.add(epsilon).rsqrt();
    const xhat = centred.mul(rstd) as tf.Tensor2D;
    save([xhat, rstd, g, ones]);
    return {
      value: xhat.mul(g).add(bt) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xh, rs, gm, o] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor2D];
        const d = dy as tf.Tensor2D;
        const dBeta = colSum(d, o);
        const dGamma = colSum(d.mul(xh) as tf.Tensor2D, o);
        const dx = d.sub(dBeta.div(n)).sub(xh.mul(dGamma.div(n))).mul(gm.mul(rs)) as tf.Tensor2D;
        return [dx, colSum(dx, o), dGamma, dBeta];
      },
    };
  });
  return op(x, bias, gamma, beta) as tf.Tensor2D;
}
