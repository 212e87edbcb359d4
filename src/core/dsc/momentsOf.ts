import * as tf from '@tensorflow/tfjs';

/**
 * The mean of x over `axes`, kept as size-1 dimensions (tf.mean(x, axes, true)), whose gradient
 * (dy / n at every entry of x) is built on the backend.
 *
 * Same values and gradients as tf.mean, bit for bit. tfjs's own Mean gradient multiplies dy by
 * tf.ones(x.shape), which builds an array of ones in JavaScript and uploads it: for a 321x481
 * map of 64 channels that is 10M floats created and copied to the GPU for every mean in every
 * backward pass, most of a WebGPU iteration's time (docs/performance.md, "CPU overhead").
 */
export function meanOf(x: tf.Tensor, axes: number[]): tf.Tensor {
  const op = tf.customGrad((...args) => {
    const [input] = args as [tf.Tensor, tf.GradSaveFunc];
    const n = axes.reduce((p, a) => p * input.shape[a], 1);
    return {
      value: tf.mean(input, axes, true),
      // tf.fill runs on the backend; the same product as tfjs's (so the same bits), without its
      // JavaScript array. (tf.broadcastTo, a Tile, made the wasm backward pass 1.6x slower.)
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.fill(input.shape, 1).mul(dy as tf.Tensor).div(n),
    };
  });
  return op(x);
}

/**
 * tf.moments(x, axes, true) through meanOf: the mean and the biased variance over `axes`, kept as
 * size-1 dimensions, with every gradient computed on the backend. [.., C] -> mean and variance of
 * the same rank with 1 on each reduced axis.
 */
export function momentsOf(x: tf.Tensor, axes: number[]): { mean: tf.Tensor; variance: tf.Tensor } {
  const mean = meanOf(x, axes);
  // As tf.moments: the mean of the squared deviations (through meanOf as well).
  const variance = meanOf(x.sub(mean).square(), axes);
  return { mean, variance };
}
