import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareKernels } from './compareKernels';

describe('compareKernels (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('every custom kernel matches the stock one, and nothing leaks', async () => {
    await compareKernels(); // the first call creates tfjs's lazily kept tensors
    const before = tf.memory().numTensors;
    const r = await compareKernels();
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(r).length).toBeGreaterThan(20);
    const bad = Object.entries(r).filter(([, e]) => !(e < 1e-5));
    expect(bad).toEqual([]);
  });
});
