import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl } from './runWgsl';

/**
 * col2im for a 3x3 convolution, as one WGSL program: the adjoint of im2colWgsl. cols
 * [Ho * Wo, 9 C] (row p = oy * Wo + ox, columns tap-major (ky, kx, c)) -> [1, H, W, C], each input
 * pixel summing the entries of the (at most nine, at stride 2 at most four) windows that read
 * it, windows at (oy * s - pad, ox * s - pad). With cols = dy · Kᵀ this is a convolution's input
 * gradient: one matrix product and this gather instead of tfjs's Conv2DBackpropInput, which
 * runs one thread per input element looping over taps and output channels. A gather, so no
 * atomics and no zero-filled output first.
 */
export function col2imWgsl(
  cols: tf.Tensor2D,
  h: number,
  w: number,
  ho: number,
  wo: number,
  stride: number,
  pad = 0,
): tf.Tensor4D {
  const c = cols.shape[1] / 9;
  if (!Number.isInteger(c) || cols.shape[0] !== ho * wo) {
    throw new Error(`col2imWgsl: cols [${cols.shape}] is not [${ho} * ${wo}, 9 C]`);
  }
  const program = flatProgram(
    'dsc_col2im',
    [1, h, w, c],
    ['cols'],
    `
          let C = uniforms.outShape[3];
          let W = uniforms.outShape[2];
          let pix = index / C;
          let ch = index - pix * C;
          let iy = pix / W;
          let ix = pix - iy * W;
          let s = uniforms.stride;
          var acc = 0.0;
          for (var ky = 0; ky < 3; ky++) {
            let ny = iy + uniforms.pad - ky;
            let oy = ny / s;
            if (ny < 0 || oy * s != ny || oy >= uniforms.ho) { continue; }
            for (var kx = 0; kx < 3; kx++) {
              let nx = ix + uniforms.pad - kx;
              let ox = nx / s;
              if (nx < 0 || ox * s != nx || ox >= uniforms.wo) { continue; }
              acc = acc + cols[(oy * uniforms.wo + ox) * 9 * C + (ky * 3 + kx) * C + ch];
            }
          }
          setOutputAtIndex(index, acc);`,
    'ho : i32, wo : i32, stride : i32, pad : i32,',
  );
  return runWgsl(program, [cols], [
    { type: 'int32', data: [ho] },
    { type: 'int32', data: [wo] },
    { type: 'int32', data: [stride] },
    { type: 'int32', data: [pad] },
  ]) as tf.Tensor4D;
}
