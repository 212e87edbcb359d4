import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl } from './runWgsl';

/**
 * im2col of a zero-padded map for a 3x3 convolution, as one WGSL program: padded
 * [1, Ho*s + 2, Wo*s + 2, C] (s = stride) -> [Ho * Wo, 9 C], row p = oy * Wo + ox holding the
 * 3x3 window at (oy * s, ox * s) tap-major (ky, kx, c), like a [3, 3, C, C'] kernel reshaped to
 * [9 C, C']. The same values as nine strided slices and a concatenation (conv3x3's im2colPadded),
 * in one dispatch instead of twelve. No gradient: it feeds the filter gradient only.
 */
export function im2colWgsl(padded: tf.Tensor4D, ho: number, wo: number, stride: number): tf.Tensor2D {
  const c = padded.shape[3];
  const program = flatProgram(
    'dsc_im2col',
    [ho * wo, 9 * c],
    ['x'],
    `
          let C = uniforms.xShape[3];
          let p = index / (9 * C);
          let r = index - p * 9 * C;
          let t = r / C;
          let ch = r - t * C;
          let oy = p / uniforms.wo;
          let ox = p - oy * uniforms.wo;
          let ky = t / 3;
          let iy = oy * uniforms.stride + ky;
          let ix = ox * uniforms.stride + (t - ky * 3);
          setOutputAtIndex(index, x[(iy * uniforms.xShape[2] + ix) * C + ch]);`,
    'wo : i32, stride : i32,',
  );
  return runWgsl(program, [padded], [
    { type: 'int32', data: [wo] },
    { type: 'int32', data: [stride] },
  ]) as tf.Tensor2D;
}
