import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl } from './runWgsl';

/**
 * SGD with momentum, PyTorch's convention, for one parameter: v' = μ v + g, p' = p − lr v', as two
 * WGSL programs (webgpu only) instead of four tfjs ops; the same arithmetic, so the same bits as
 * `v.mul(mu).add(g)` and `p.sub(v'.mul(lr))`. Returns [v', p'].
 */
export function momentumStepWgsl(
  p: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  learningRate: number,
  momentum: number,
): [tf.Tensor, tf.Tensor] {
  const shape = [p.size];
  const velocity = runWgsl(
    flatProgram('dsc_momentum_v', shape, ['v', 'g'], 'setOutputAtIndex(index, v[index] * uniforms.mu + g[index]);', 'mu : f32,'),
    [v, g],
    [{ type: 'float32', data: [momentum] }],
  );
  const param = runWgsl(
    flatProgram('dsc_momentum_p', shape, ['p', 'vn'], 'setOutputAtIndex(index, p[index] - vn[index] * uniforms.lr);', 'lr : f32,'),
    [p, velocity],
    [{ type: 'float32', data: [learningRate] }],
  );
  return [velocity.reshape(p.shape), param.reshape(p.shape)];
}
