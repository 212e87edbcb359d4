import * as tf from '@tensorflow/tfjs';
import { batchSumWgsl } from './wgsl/batchSumWgsl';
import { onWebGPU } from './wgsl/runWgsl';

/**
 * Rows per chunk of chunkedMatMulTA. About a thousand rows per batch gives a 321x481 image's
 * products one to two hundred batches: enough workgroups to fill a large GPU, few enough that
 * the final sum over batches is cheap. @default 1024
 */
export const DEFAULT_CHUNK_ROWS = 1024;

/**
 * The rows per chunk for n rows: a divisor of n between half and twice `target` (the one nearest
 * it), so that no zero rows need padding in (a copy of each operand); otherwise balanced chunks
 * of about `target` rows, the last one padded. A 321x481 image's maps have 156816, 39204 and
 * 9801 rows (with padding to a multiple of 4): chunks of 968, 1089 and 1089 rows.
 */
export function chunkRowsFor(n: number, target: number): { rows: number; batches: number } {
  let best = 0;
  for (let r = Math.ceil(target / 2); r <= 2 * target && r <= n; r++) {
    if (n % r === 0 && (best === 0 || Math.abs(r - target) < Math.abs(best - target))) best = r;
  }
  if (best > 0) return { rows: best, batches: n / best };
  const batches = Math.ceil(n / target);
  return { rows: Math.ceil(n / batches), batches };
}

/**
 * aᵀ · b for a [N, P] and b [N, Q] with a long N (pixels) and small P, Q: [P, Q].
 *
 * Products like this are the filter gradients of the convolutions and of the 1x1 head, and the
 * superpixel sums. tfjs's webgpu matmul gives them either a few large tiles that each loop over
 * all N rows (a GPU mostly idle) or its split-K kernel, which adds partial results with emulated
 * float atomics, a thousand or more per output. Here the rows are split into chunks of about
 * `chunkRows` (chunkRowsFor: zero rows pad the last only where no divisor of N is near), multiplied
 * as one batched matmul [B, P, Q] with no atomics, and summed over the batch (on webgpu by one
 * WGSL program, batchSumWgsl).
 */
export function chunkedMatMulTA(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  chunkRows = DEFAULT_CHUNK_ROWS,
): tf.Tensor2D {
  const [n, p] = a.shape;
  const q = b.shape[1];
  if (b.shape[0] !== n)
    throw new RangeError(`chunkedMatMulTA: ${n} rows in a but ${b.shape[0]} in b`);
  if (!Number.isInteger(chunkRows) || chunkRows < 1)
    throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  const { rows, batches } = chunkRowsFor(n, chunkRows);
  if (batches <= 1) return a.matMul(b, true, false) as tf.Tensor2D;
  return tf.tidy(() => {
    const padded = rows * batches;
    const pad = (t: tf.Tensor2D) =>
      padded === n
        ? t
        : tf.pad(t, [
            [0, padded - n],
            [0, 0],
          ]);
    const partial = tf.matMul(
      pad(a).reshape([batches, rows, p]),
      pad(b).reshape([batches, rows, q]),
      true,
      false,
    );
    return onWebGPU() ? batchSumWgsl(partial as tf.Tensor3D) : (partial.sum(0) as tf.Tensor2D);
  });
}

/**
 * x · w for x [N, C] (N long) and w [C, K], whose weight gradient xᵀ · dy is a chunkedMatMulTA
 * (the input gradient dy · wᵀ is an ordinary, well-shaped product).
 */
export function matMulChunkedGrad(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  chunkRows = DEFAULT_CHUNK_ROWS,
): tf.Tensor2D {
  const op = tf.customGrad((...args) => {
    const [input, weight, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([input, weight]);
    return {
      value: input.matMul(weight),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = dy as tf.Tensor2D;
        return [g.matMul(ws, false, true), chunkedMatMulTA(xs, g, chunkRows)];
      },
    };
  });
  return op(x, w) as tf.Tensor2D;
}
