import * as tf from '@tensorflow/tfjs';

/**
 * The SuperAE's layer names, shared by the PyTorch exporter (training/export_tfjs.py), the
 * loader and the DSC encoder, which reads the pretrained weights by these names.
 */
export const SUPERAE_LAYERS = {
  e1: { conv: 'e1_conv', bn: 'e1_bn' },
  e2: { pad: 'e2_pad', conv: 'e2_conv', bn: 'e2_bn' },
  e3: { pad: 'e3_pad', conv: 'e3_conv', bn: 'e3_bn' },
  d1: { deconv: 'd1_deconv', bn: 'd1_bn' },
  d2: { deconv: 'd2_deconv', bn: 'd2_bn' },
  d3: { conv: 'd3_conv' },
} as const;

/** Channels of E1, E2, E3 (Sec. III-A). */
export const ENCODER_CHANNELS = [64, 128, 256] as const;
/** Batch-norm epsilon, PyTorch's default, carried over to tfjs. */
export const BN_EPSILON = 1e-5;
/** Input sides must be multiples of this (two stride-2 stages); see padToMultiple. */
export const SIZE_MULTIPLE = 4;

/**
 * Builds the SuperAE topology with fresh (random) weights. Input [1, H, W, 3] RGB in [0, 1],
 * H and W multiples of 4. Outputs, in order: reconstruction [1, H, W, 3], E1 [1, H, W, 64],
 * E2 [1, H/2, W/2, 128], E3 [1, H/4, W/4, 256].
 *
 * Stride-2 convolutions take explicit symmetric zero padding followed by 'valid', so the sampled
 * windows match PyTorch's `padding=1` exactly (TF's 'same' would pad only bottom/right).
 * Transposed convolutions use kernel 4, stride 2, 'same', which crops one pixel from each side of
 * the full output, as PyTorch's ConvTranspose2d(k=4, s=2, p=1) does.
 */
export function buildSuperAE(seed = 0): tf.LayersModel {
  const L = SUPERAE_LAYERS;
  const init = (k: number) => tf.initializers.heNormal({ seed: seed * 101 + k });
  const input = tf.input({ shape: [null, null, 3], name: 'image' });
  const bnRelu = (x: tf.SymbolicTensor, bn: string) =>
    tf.layers
      .activation({ activation: 'relu', name: `${bn}_relu` })
      .apply(
        tf.layers.batchNormalization({ name: bn, epsilon: BN_EPSILON, momentum: 0.9 }).apply(x),
      ) as tf.SymbolicTensor;

  const conv1 = tf.layers
    .conv2d({ name: L.e1.conv, filters: 64, kernelSize: 3, padding: 'same', kernelInitializer: init(1) })
    .apply(input) as tf.SymbolicTensor;
  const e1 = bnRelu(conv1, L.e1.bn);

  const down = (x: tf.SymbolicTensor, pad: string, conv: string, bn: string, filters: number, k: number) => {
    const padded = tf.layers.zeroPadding2d({ name: pad, padding: 1 }).apply(x) as tf.SymbolicTensor;
    const c = tf.layers
      .conv2d({ name: conv, filters, kernelSize: 3, strides: 2, padding: 'valid', kernelInitializer: init(k) })
      .apply(padded) as tf.SymbolicTensor;
    return bnRelu(c, bn);
  };
  const e2 = down(e1, L.e2.pad, L.e2.conv, L.e2.bn, 128, 2);
  const e3 = down(e2, L.e3.pad, L.e3.conv, L.e3.bn, 256, 3);

  const up = (x: tf.SymbolicTensor, name: string, bn: string, filters: number, k: number) =>
    bnRelu(
      tf.layers
        .conv2dTranspose({ name, filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(k) })
        .apply(x) as tf.SymbolicTensor,
      bn,
    );
  const d1 = up(e3, L.d1.deconv, L.d1.bn, 128, 4);
  const d2 = up(d1, L.d2.deconv, L.d2.bn, 64, 5);
  const recon = tf.layers
    .conv2d({
      name: L.d3.conv,
      filters: 3,
      kernelSize: 3,
      padding: 'same',
      activation: 'sigmoid',
      kernelInitializer: init(6),
    })
    .apply(d2) as tf.SymbolicTensor;

  return tf.model({ name: 'superae', inputs: input, outputs: [recon, e1, e2, e3] });
}
