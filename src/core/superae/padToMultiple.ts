import * as tf from '@tensorflow/tfjs';

export interface PadToMultipleOptions {
  /**
   * Padded height and width are the smallest multiples of this at least the input's.
   * @default 4 (SIZE_MULTIPLE: the SuperAE has two stride-2 stages)
   */
  multiple?: number;
}

function validate(options: PadToMultipleOptions): Required<PadToMultipleOptions> {
  const multiple = options.multiple ?? 4;
  if (!Number.isInteger(multiple) || multiple < 1) {
    throw new RangeError(`multiple must be a positive integer, got ${multiple}`);
  }
  return { multiple };
}

/**
 * Pads an NHWC tensor [B, H, W, C] at the bottom and right, by edge replication, to
 * [B, ceil(H/m)*m, ceil(W/m)*m, C]. Edge replication (rather than zeros) keeps the padded
 * border from looking like a dark edge to the network, so the cropped outputs near the bottom
 * and right sides stay close to what an unpadded image would give. Not tidied: call it inside
 * tf.tidy; returns the input itself when no padding is needed.
 */
export function padToMultiple(x: tf.Tensor4D, options: PadToMultipleOptions = {}): tf.Tensor4D {
  const { multiple } = validate(options);
  const [, h, w] = x.shape;
  const padH = (multiple - (h % multiple)) % multiple;
  const padW = (multiple - (w % multiple)) % multiple;
  let y = x;
  if (padH > 0) {
    const lastRow = y.slice([0, h - 1, 0, 0], [-1, 1, -1, -1]);
    y = tf.concat([y, tf.tile(lastRow, [1, padH, 1, 1])], 1);
  }
  if (padW > 0) {
    const lastCol = y.slice([0, 0, w - 1, 0], [-1, -1, 1, -1]);
    y = tf.concat([y, tf.tile(lastCol, [1, 1, padW, 1])], 2);
  }
  return y;
}

/**
 * Crops the top-left [B, ceil(H/s), ceil(W/s), C] of a feature map computed at stride s on a
 * padToMultiple'd image of original size H x W (s = 1 for the reconstruction and E1, 2 for E2,
 * 4 for E3). Returns the input itself when nothing is cropped. Call inside tf.tidy.
 */
export function cropToSize(y: tf.Tensor4D, height: number, width: number, stride = 1): tf.Tensor4D {
  const h = Math.ceil(height / stride);
  const w = Math.ceil(width / stride);
  if (h > y.shape[1] || w > y.shape[2]) {
    throw new RangeError(`cannot crop [${y.shape.join(', ')}] to ${h}x${w}`);
  }
  if (h === y.shape[1] && w === y.shape[2]) return y;
  return y.slice([0, 0, 0, 0], [-1, h, w, -1]);
}
