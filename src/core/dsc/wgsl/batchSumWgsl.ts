import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl } from './runWgsl';

/**
 * x [B, P, Q] summed over its first axis: [P, Q], one thread per output looping over the B
 * batches (consecutive threads read consecutive floats). tfjs's `sum(0)` reduces the last axis
 * only, so it transposes first: two dispatches and a copy of x, here one.
 */
export function batchSumWgsl(x: tf.Tensor3D): tf.Tensor2D {
  const [batches, p, q] = x.shape;
  const program = flatProgram(
    'dsc_batch_sum',
    [p, q],
    ['x'],
    `
          let stride = uniforms.size;
          var acc = 0.0;
          for (var b = 0; b < uniforms.batches; b++) { acc = acc + x[b * stride + index]; }
          setOutputAtIndex(index, acc);`,
    'batches : i32,',
  );
  return runWgsl(program, [x], [{ type: 'int32', data: [batches] }]) as tf.Tensor2D;
}
