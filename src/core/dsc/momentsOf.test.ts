import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomTensor } from './dscTestUtils';
import { meanOf, momentsOf } from './momentsOf';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CASES: [number[], number[]][] = [
  [[1, 5, 7, 3], [0, 1, 2]], // an encoder map, per channel (batch norm)
  [[13, 4], [0]], // an embedding Z [N, K], per channel
  [[3, 6, 5], [1]], // a middle axis
];

/** A weighted sum of t's entries, so that every entry gets a different upstream gradient. */
const weighted = (t: tf.Tensor, seed: number) => t.mul(randomTensor(t.shape, seed)).sum();

describe('meanOf', () => {
  it.each(CASES)('equals tf.mean (kept dims), value and gradient, bit for bit: %j over %j', (shape, axes) => {
    const x = randomTensor(shape, 1);
    const before = tf.memory().numTensors;
    const ours = tf.tidy(() => {
      const value = meanOf(x, axes);
      const grad = tf.grad((t: tf.Tensor) => weighted(meanOf(t, axes), 2))(x);
      return [value, grad];
    });
    const stock = tf.tidy(() => {
      const value = tf.mean(x, axes, true);
      const grad = tf.grad((t: tf.Tensor) => weighted(tf.mean(t, axes, true), 2))(x);
      return [value, grad];
    });
    expect(ours[0].shape).toEqual(stock[0].shape);
    expect(ours[1].shape).toEqual(x.shape);
    expect(Array.from(ours[0].dataSync())).toEqual(Array.from(stock[0].dataSync()));
    expect(Array.from(ours[1].dataSync())).toEqual(Array.from(stock[1].dataSync()));
    tf.dispose([...ours, ...stock]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('momentsOf', () => {
  it.each(CASES)('equals tf.moments, values and gradients: %j over %j', (shape, axes) => {
    // An offset, so that the variance's gradient is not dominated by a zero mean.
    const x = tf.tidy(() => randomTensor(shape, 3).add(0.7));
    const loss = (m: { mean: tf.Tensor; variance: tf.Tensor }) =>
      weighted(m.mean, 4).add(weighted(m.variance.add(1e-3).rsqrt(), 5));
    const before = tf.memory().numTensors;
    const ours = tf.tidy(() => {
      const { mean, variance } = momentsOf(x, axes);
      return [mean, variance, tf.grad((t: tf.Tensor) => loss(momentsOf(t, axes)))(x)];
    });
    const stock = tf.tidy(() => {
      const { mean, variance } = tf.moments(x, axes, true);
      return [mean, variance, tf.grad((t: tf.Tensor) => loss(tf.moments(t, axes, true)))(x)];
    });
    for (let i = 0; i < 3; i++) {
      expect(ours[i].shape).toEqual(stock[i].shape);
      const a = ours[i].dataSync();
      const b = stock[i].dataSync();
      const scale = Math.max(...Array.from(b, Math.abs));
      expect(scale).toBeGreaterThan(0);
      for (let j = 0; j < a.length; j++) expect(Math.abs(a[j] - b[j])).toBeLessThanOrEqual(1e-6 * scale);
    }
    tf.dispose([...ours, ...stock]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
