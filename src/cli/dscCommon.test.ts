import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { randomImage } from '../core/dsc/dscTestUtils';
import { buildSuperAE } from '../core/superae/buildSuperAE';
import { superpixelsFor } from './dscCommon';

describe('superpixelsFor', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reconstructs an image once for all its settings, and each new image again', async () => {
    const model = buildSuperAE(0);
    const predict = vi.spyOn(model, 'predict');
    const args = { superpixels: 'slic', on: 'reconstruction', superpixelParams: {} } as const;
    const image = randomImage(20, 12, 3);
    const a = await superpixelsFor(image, model, args, 8);
    const b = await superpixelsFor(image, model, args, 4);
    expect(predict).toHaveBeenCalledTimes(1);
    // A copy of the image is another object: reconstructed again, to the same superpixels.
    const again = await superpixelsFor({ ...image, data: image.data.slice() }, model, args, 8);
    expect(predict).toHaveBeenCalledTimes(2);
    expect(Array.from(again.labels)).toEqual(Array.from(a.labels));
    expect(b.labels.length).toBe(20 * 12);
    model.dispose();
  });
});
