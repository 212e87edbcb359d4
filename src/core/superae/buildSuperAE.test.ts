import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSuperAE } from './buildSuperAE';

describe('buildSuperAE', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('maps an HxW image to the reconstruction and E1/E2/E3 at full, half and quarter size', () => {
    const model = buildSuperAE(1);
    const outs = tf.tidy(() => {
      const y = model.predict(tf.zeros([1, 12, 20, 3])) as tf.Tensor[];
      return y.map((t) => t.shape);
    });
    expect(outs).toEqual([
      [1, 12, 20, 3],
      [1, 12, 20, 64],
      [1, 6, 10, 128],
      [1, 3, 5, 256],
    ]);
    model.dispose();
  });
});
