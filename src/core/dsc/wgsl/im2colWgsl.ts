import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl } from './runWgsl';

/**
 * im2col for a 3x3 convolution, as one WGSL program: x [1, H, W, C] read with `pad` rows and
 * columns of zeros around it -> [Ho * Wo, 9 C] (s = stride), row p = oy * Wo + ox holding the 3x3
 * window at (oy * s - pad, ox * s - pad) tap-major (ky, kx, c), like a [3, 3, C, C'] kernel
 * reshaped to [9 C, C']. The same values as padding, nine strided slices and a concatenation
 * (conv3x3's im2colPadded), in one dispatch instead of thirteen. No gradient: it feeds the
 * filter gradient only.
 */
export function im2colWgsl(x: tf.Tensor4D, ho: number, wo: number, stride: number, pad = 0): tf.Tensor2D {
  const c = x.shape[3];
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
          let iy = oy * uniforms.stride + ky - uniforms.pad;
          let ix = ox * uniforms.stride + (t - ky * 3) - uniforms.pad;
          var v = 0.0;
          if (iy >= 0 && iy < uniforms.xShape[1] && ix >= 0 && ix < uniforms.xShape[2]) {
            v = x[(iy * uniforms.xShape[2] + ix) * C + ch];
          }
          setOutputAtIndex(index, v);`,
    'wo : i32, stride : i32, pad : i32,',
  );
  return runWgsl(program, [x], [
    { type: 'int32', data: [wo] },
    { type: 'int32', data: [stride] },
    { type: 'int32', data: [pad] },
  ]) as tf.Tensor2D;
}
