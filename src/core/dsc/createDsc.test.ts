import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSuperAE } from '../superae/buildSuperAE';
import type { LabelMap } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import { createDsc, type Dsc, type DscIteration, type DscRunOptions } from './createDsc';
import {
  colourEncoderWeights,
  covering,
  gridSuperpixels,
  randomEncoderWeights,
  randomImage,
  threeRegionCase,
} from './dscTestUtils';
import { encoderWeightsFromModel } from './encoderWeights';

async function collect(dsc: Dsc, image: RgbaImage, sp: LabelMap, options: DscRunOptions = {}) {
  const out: DscIteration[] = [];
  for await (const it of dsc.run(image, sp, options)) out.push(it);
  return out;
}

describe('createDsc', () => {
  let weights: Map<string, tf.Tensor>;
  let dsc: Dsc;
  const image = randomImage(16, 12, 7); // non-square, sides not multiples of 4 after padding
  const sp = gridSuperpixels(16, 12, 4, 3);

  beforeAll(async () => {
    await tf.setBackend('cpu');
    weights = randomEncoderWeights([4, 6, 8], 11);
    dsc = await createDsc(weights, { k: 6, iterations: 3 });
  });
  afterAll(() => {
    dsc.dispose();
    for (const t of weights.values()) t.dispose();
  });

  it('yields one report per iteration with finite losses and renumbered labels', async () => {
    const its = await collect(dsc, image, sp);
    expect(its.map((i) => i.iteration)).toEqual([0, 1, 2]);
    for (const it of its) {
      expect(Number.isFinite(it.ce) && Number.isFinite(it.cut) && Number.isFinite(it.total)).toBe(
        true,
      );
      expect(it.total).toBeCloseTo(it.ce + it.cut, 5); // alpha = beta = 1
      expect(it.labels.length).toBe(16 * 12);
      // First-appearance order: each new label is one more than the largest seen so far.
      let max = -1;
      for (const v of it.labels) {
        expect(v <= max + 1).toBe(true);
        max = Math.max(max, v);
      }
      expect(it.regionCount).toBe(max + 1);
      expect(it.regionCount).toBeLessThanOrEqual(6);
      expect(it.ms).toBeGreaterThan(0);
      // Superpixel-wise: every superpixel has one label.
      for (let i = 0; i < sp.labels.length; i++) {
        const first = sp.labels.indexOf(sp.labels[i]);
        expect(it.labels[i]).toBe(it.labels[first]);
      }
    }
  });

  it('gives identical labels and losses for the same seed, run after run and instance to instance', async () => {
    const a = await collect(dsc, image, sp, { seed: 3 });
    const b = await collect(dsc, image, sp, { seed: 3 });
    const other = await createDsc(weights, { k: 6, iterations: 3, seed: 3 });
    const c = await collect(other, image, sp);
    other.dispose();
    for (const x of [b, c]) {
      expect(x.map((i) => Array.from(i.labels))).toEqual(a.map((i) => Array.from(i.labels)));
      expect(x.map((i) => i.total)).toEqual(a.map((i) => i.total));
    }
  });

  it('profiles the parts of each iteration without changing its numbers or leaking', async () => {
    const plain = await collect(dsc, image, sp, { seed: 5, iterations: 4 });
    const before = tf.memory().numTensors;
    const profiled = await collect(dsc, image, sp, { seed: 5, iterations: 4, profile: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(profiled.map((i) => i.total)).toEqual(plain.map((i) => i.total));
    expect(profiled.map((i) => Array.from(i.labels))).toEqual(
      plain.map((i) => Array.from(i.labels)),
    );
    expect(plain.every((i) => i.parts === undefined)).toBe(true);
    for (const { parts, ms } of profiled) {
      const values = Object.values(parts ?? {});
      expect(Object.keys(parts ?? {}).sort()).toEqual([
        'backward',
        'forward',
        'optimizer',
        'pseudoLabels',
        'readback',
      ]);
      expect(values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      expect(values.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(ms + 1e-6);
    }
  });

  it('leaks no tensor: the count after a 1-iteration run equals the count after a 50-iteration run', async () => {
    await collect(dsc, image, sp, { iterations: 1 });
    const after1 = tf.memory().numTensors;
    await collect(dsc, image, sp, { iterations: 50 });
    expect(tf.memory().numTensors).toBe(after1);
  });

  it('stops cleanly when aborted halfway, freeing the run tensors', async () => {
    await collect(dsc, image, sp, { iterations: 1 });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const it of dsc.run(image, sp, { iterations: 10, signal: controller.signal })) {
          seen.push(it.iteration);
          if (it.iteration === 4) controller.abort();
        }
      })(),
    ).rejects.toThrow(/abort/i);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(tf.memory().numTensors).toBe(before);
    // Breaking out of the loop also frees everything, and the instance stays usable.
    for await (const it of dsc.run(image, sp, { iterations: 10 })) if (it.iteration === 2) break;
    expect(tf.memory().numTensors).toBe(before);
    expect(await collect(dsc, image, sp, { iterations: 1 })).toHaveLength(1);
  });

  it('rejects bad input with a clear message and leaks nothing', async () => {
    await collect(dsc, image, sp, { iterations: 1 });
    const before = tf.memory().numTensors;
    await expect(collect(dsc, image, gridSuperpixels(12, 16, 4))).rejects.toThrow(/12x16.*16x12/);
    await expect(
      collect(dsc, image, { width: 0, height: 0, labels: new Int32Array(0) }),
    ).rejects.toThrow(/superpixels: size/);
    await expect(
      collect(dsc, image, { width: 16, height: 12, labels: new Int32Array(192) }),
    ).rejects.toThrow(/at least 2 superpixels, got 1/);
    const nan = {
      width: 16,
      height: 12,
      data: new Float32Array(16 * 12 * 4).fill(NaN),
    } as unknown as RgbaImage;
    await expect(collect(dsc, nan, sp)).rejects.toThrow(/value NaN at index 0/);
    await expect(collect(dsc, image, sp, { k: 1 })).rejects.toThrow(/DscOptions\.k/);
    await expect(collect(dsc, image, sp, { learningRate: -1 })).rejects.toThrow(
      /DscOptions\.learningRate/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a second concurrent run and runs after dispose', async () => {
    const gen = dsc.run(image, sp, { iterations: 2 });
    await gen.next();
    await expect(collect(dsc, image, sp)).rejects.toThrow(/already in progress/);
    await gen.return();
    const other = await createDsc(weights, { k: 4 });
    other.dispose();
    await expect(collect(other, image, sp)).rejects.toThrow(/after dispose/);
  });

  it('rejects encoder weights that are missing, misshapen or not finite', async () => {
    const bad = new Map(weights);
    bad.delete('e2_bn/gamma');
    await expect(createDsc(bad)).rejects.toThrow(/missing e2_bn\/gamma/);
    const nanW = new Map(weights);
    const t = tf.fill([6], NaN);
    nanW.set('e2_conv/bias', t);
    await expect(createDsc(nanW)).rejects.toThrow(/e2_conv\/bias holds a non-finite value/);
    t.dispose();
  });

  it('stops at minLabels and splits labels into connected components on request', async () => {
    const its = await collect(dsc, image, sp, { iterations: 20, minLabels: 6 });
    expect(its).toHaveLength(1); // K = 6: at most 6 labels from the first iteration on
    // A checkerboard of two labels: splitting gives one region per superpixel.
    const split = await collect(dsc, image, sp, { iterations: 1, k: 2, splitComponents: true });
    const plain = await collect(dsc, image, sp, { iterations: 1, k: 2 });
    expect(split[0].regionCount).toBeGreaterThanOrEqual(plain[0].regionCount);
    expect(split[0].regionCount).toBeLessThanOrEqual(16);
    // Regions under a fifth of the image join a neighbour: at most 5 remain, each that large.
    const merged = await collect(dsc, image, sp, { iterations: 1, k: 2, splitComponents: true, minRegionFraction: 0.2 });
    const { labels, regionCount } = merged[0];
    expect(regionCount).toBeLessThanOrEqual(5);
    expect(regionCount).toBeLessThanOrEqual(split[0].regionCount);
    const areas = new Map<number, number>();
    for (const l of labels) areas.set(l, (areas.get(l) ?? 0) + 1);
    expect(areas.size).toBe(regionCount);
    if (regionCount > 1) expect(Math.min(...areas.values())).toBeGreaterThanOrEqual(0.2 * labels.length);
  });

  it('runs the full-size SuperAE encoder (451 embedding channels) on a non-square image', async () => {
    const model = buildSuperAE(0);
    const full = encoderWeightsFromModel(model);
    model.dispose();
    const big = await createDsc(Object.fromEntries(full), { iterations: 2 }); // a NamedTensorMap works too
    const its = await collect(big, randomImage(14, 10, 2), gridSuperpixels(14, 10, 5));
    big.dispose();
    for (const t of full.values()) t.dispose();
    expect(its).toHaveLength(2);
    expect(its[1].regionCount).toBeGreaterThanOrEqual(1);
    expect(its[1].regionCount).toBeLessThanOrEqual(9);
  });
});

describe('DSC on 3 flat colour regions with noise', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  /** The loop's iterations on the 3-region case, from a fresh colour encoder. */
  const runCase = async (embeddingNorm: 'none' | 'center' | 'batch', iterations: number, seed: number) => {
    const { image, superpixels } = threeRegionCase(5);
    const weights = colourEncoderWeights(1);
    const dsc = await createDsc(weights, { iterations, seed, embeddingNorm });
    try {
      return await collect(dsc, image, superpixels);
    } finally {
      dsc.dispose();
      for (const t of weights.values()) t.dispose();
    }
  };

  // With Z as the head gives it ('none') or only centred ('center') the loop merges this case down
  // to its 3 regions; the default standardised Z keeps the first argmax diverse (next test).
  it.each(['none', 'center'] as const)(
    'ends with 3 regions that cover the truth at >= 0.95, from noisy superpixels (embeddingNorm %s)',
    async (embeddingNorm) => {
      const { truth, superpixels } = threeRegionCase(5);
      expect(covering(truth, superpixels.labels)).toBeLessThan(0.1); // the 54 superpixels alone are far from the truth
      for (const seed of [0, 1]) {
        const its = await runCase(embeddingNorm, 24, seed);
        const last = its[its.length - 1];
        expect(its[0].regionCount).toBeGreaterThan(3); // it starts over-segmented and merges
        expect(last.regionCount).toBe(3);
        expect(covering(truth, last.labels)).toBeGreaterThanOrEqual(0.95);
      }
    },
  );

  it('with Z standardised per channel, the first argmax keeps many more labels', async () => {
    const plain = (await runCase('none', 1, 0))[0].regionCount;
    const standardised = (await runCase('batch', 1, 0))[0].regionCount;
    expect(standardised).toBeGreaterThanOrEqual(2 * plain);
  });
});
