import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchmarkDsc, median } from './benchmarkDsc';

describe('benchmarkDsc', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('returns the JSON fields of training/bench_dsc.py with positive figures, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const calls: number[] = [];
    const r = await benchmarkDsc('test cpu', {
      height: 12,
      width: 20,
      iters: 2,
      warmup: 1,
      k: 4,
      superpixels: 6,
      onIteration: (d) => calls.push(d),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(calls).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r).toMatchObject({
      backend: 'cpu',
      device: 'test cpu',
      size: '12x20',
      iters: 2,
      warmup: 1,
      k: 4,
    });
    // Cells of round(sqrt(240 / 6)) = 6 pixels: 2 rows x 4 columns.
    expect(r.superpixels).toBe(8);
    expect(r.ms_per_iter).toBeGreaterThan(0);
    expect(Object.keys(r.parts).sort()).toEqual([
      'backward',
      'forward',
      'optimizer',
      'pseudo_labels',
      'readback',
    ]);
    expect(Object.values(r.parts).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(r.parts.forward).toBeGreaterThan(0);
  });

  it('rejects bad sizes and counts, naming the field', async () => {
    await expect(benchmarkDsc('x', { height: 1 })).rejects.toThrow(/height/);
    await expect(benchmarkDsc('x', { iters: 0 })).rejects.toThrow(/iters/);
    await expect(benchmarkDsc('x', { warmup: 1.5 })).rejects.toThrow(/warmup/);
    await expect(benchmarkDsc('x', { height: 4, width: 4, superpixels: 1 })).rejects.toThrow(
      /fewer than 2 superpixels/,
    );
  });

  it('takes the median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow(/nothing/);
  });
});
