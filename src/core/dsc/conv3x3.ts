import * as tf from '@tensorflow/tfjs';

/**
 * A 3x3 convolution with zero padding 1 and stride 1 or 2 (PyTorch `padding=1`), x [1, H, W, C],
 * kernel [3, 3, C, C'], H and W even when stride is 2. Output [1, H/s, W/s, C'].
 *
 * On the cpu backend it is computed as im2col + one matmul: tfjs's cpu Conv2DBackpropFilter is a
 * naive loop, 20 to 50 times slower than the equivalent matmul, while slices, concat and matmul
 * all have fast gradients. Other backends use their native convolution.
 */
export function conv3x3(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  if (tf.getBackend() !== 'cpu') return tf.conv2d(padded, kernel, stride, 'valid');
  const [, h, w, c] = x.shape;
  const ho = h / stride;
  const wo = w / stride;
  const cOut = kernel.shape[3];
  const taps: tf.Tensor[] = [];
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) {
      // Rows dy, dy + s, ..., as a slice of ho * s rows whose every s-th row is kept.
      let tap: tf.Tensor = padded.slice([0, dy, dx, 0], [1, ho * stride, wo * stride, c]);
      if (stride === 2) tap = tap.reshape([ho, 2, wo, 2, c]).slice([0, 0, 0, 0, 0], [ho, 1, wo, 1, c]);
      taps.push(tap.reshape([ho * wo, c]));
    }
  }
  const cols = tf.concat(taps, 1); // [ho * wo, 9 C], tap-major as the kernel's [3, 3, C] layout
  return cols.matMul(kernel.reshape([9 * c, cOut])).reshape([1, ho, wo, cOut]) as tf.Tensor4D;
}
