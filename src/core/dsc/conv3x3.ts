import * as tf from '@tensorflow/tfjs';
import { gatherRows } from './segmentSum';

/**
 * im2col indices of a 3x3, padding-1 convolution of an h x w map: for output pixel p and tap t
 * (row-major over the 3x3 window), the input row read, or h * w (a zero row) outside the map.
 */
function im2colIndices(h: number, w: number, stride: number): Int32Array {
  const ho = h / stride;
  const wo = w / stride;
  const idx = new Int32Array(ho * wo * 9);
  let q = 0;
  for (let oy = 0; oy < ho; oy++) {
    for (let ox = 0; ox < wo; ox++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const iy = oy * stride + dy;
          const ix = ox * stride + dx;
          idx[q++] = iy >= 0 && iy < h && ix >= 0 && ix < w ? iy * w + ix : h * w;
        }
      }
    }
  }
  return idx;
}

/**
 * A 3x3 convolution with zero padding 1 and stride 1 or 2 (PyTorch `padding=1`), x [1, H, W, C],
 * kernel [3, 3, C, C'], H and W even when stride is 2. Output [1, H/s, W/s, C'].
 *
 * On the cpu backend it is computed as im2col (a row gather) + one matmul: tfjs's cpu
 * Conv2DBackpropFilter is a naive loop, 20 to 50 times slower than the equivalent matmul.
 * Other backends use their native convolution.
 */
export function conv3x3(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const [, h, w, c] = x.shape;
  if (tf.getBackend() !== 'cpu') {
    const padded = tf.pad(x, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    return tf.conv2d(padded, kernel, stride, 'valid');
  }
  const ho = h / stride;
  const wo = w / stride;
  const rows = tf.concat([x.reshape([h * w, c]), tf.zeros([1, c])]) as tf.Tensor2D; // + a zero row
  const idx = tf.tensor1d(im2colIndices(h, w, stride), 'int32');
  // [ho * wo * 9, C] -> [ho * wo, 9 C], tap-major as the kernel's [3, 3, C] layout.
  const cols = gatherRows(rows, idx).reshape([ho * wo, 9 * c]);
  return cols.matMul(kernel.reshape([9 * c, kernel.shape[3]])).reshape([1, ho, wo, kernel.shape[3]]) as tf.Tensor4D;
}
