import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cropToSize, padToMultiple } from './padToMultiple';

describe('padToMultiple', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('pads bottom and right to multiples by replicating the last row and column', () => {
    // [1, 2, 3, 1]: rows [1 2 3], [4 5 6]
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
    const y = padToMultiple(x, { multiple: 4 });
    expect(y.shape).toEqual([1, 4, 4, 1]);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 3, 4, 5, 6, 6, 4, 5, 6, 6, 4, 5, 6, 6]);
    tf.dispose([x, y]);
  });

  it('returns the input itself when the sides are already multiples', () => {
    const x = tf.zeros([1, 8, 12, 3]) as tf.Tensor4D;
    expect(padToMultiple(x)).toBe(x);
    x.dispose();
  });

  it('rejects an invalid multiple, naming the field', () => {
    const x = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => padToMultiple(x, { multiple: 0 })).toThrow(/multiple/);
    expect(() => padToMultiple(x, { multiple: 2.5 })).toThrow(/multiple/);
    x.dispose();
  });

  it('cropToSize keeps ceil(H/s) x ceil(W/s) from the top left', () => {
    const y = tf.range(0, 4 * 6).reshape([1, 4, 6, 1]) as tf.Tensor4D;
    const c = cropToSize(y, 7, 9, 2); // ceil(7/2) = 4, ceil(9/2) = 5
    expect(c.shape).toEqual([1, 4, 5, 1]);
    expect(Array.from(c.dataSync()).slice(0, 6)).toEqual([0, 1, 2, 3, 4, 6]);
    expect(cropToSize(y, 4, 6)).toBe(y);
    expect(() => cropToSize(y, 5, 6)).toThrow(/crop/);
    tf.dispose([y, c]);
  });

  it('leaks no tensors inside tf.tidy', () => {
    const x = tf.ones([1, 5, 7, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const y = tf.tidy(() => cropToSize(padToMultiple(x), 5, 7));
      expect(y.shape).toEqual([1, 5, 7, 3]);
      y.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
