import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabelMap } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import { dscObjective, HEAD_BIAS, HEAD_KERNEL, resolveKernels, usesAssignment, type DscObjectiveConfig } from './dscObjective';
import { encoderWeightNames, isTrainableWeight } from './encoderWeights';
import { gridSuperpixels, paramShapes, randomImage, randomParams } from './dscTestUtils';
import { prepareDscInputs } from './prepareDscInputs';
import { referenceDscLoss, type ReferenceLossInput } from './referenceDscLoss';

interface Case {
  image: RgbaImage;
  superpixels: LabelMap;
  channels: [number, number, number];
  k: number;
  cfg: DscObjectiveConfig & { r: number };
  params: Map<string, Float64Array>;
}

function referenceInput(c: Case, params: ReadonlyMap<string, Float64Array>): ReferenceLossInput {
  const { width, height, data } = c.image;
  const rgb = new Float64Array(width * height * 3);
  for (let i = 0; i < width * height; i++)
    for (let q = 0; q < 3; q++) rgb[i * 3 + q] = data[i * 4 + q] / 255;
  const ids = c.superpixels.labels;
  return {
    width,
    height,
    rgb,
    ids,
    m: new Set(ids).size,
    channels: c.channels,
    k: c.k,
    params,
    ...c.cfg,
  };
}

/** The loss terms, pseudo-labels and gradients of the tfjs objective. */
function tfjsEvaluate(c: Case) {
  const assignment = c.cfg.kernels !== undefined && usesAssignment(c.cfg.kernels);
  const inputs = prepareDscInputs(c.image, c.superpixels, c.cfg.r, { assignment });
  if (assignment) expect(inputs.assignment?.shape).toEqual([c.image.width * c.image.height, inputs.m]);
  const vars = new Map<string, tf.Variable>();
  for (const [name, v] of c.params) {
    const shape = paramShapes(c.channels, c.k).get(name);
    // tidy frees the initial value; the variable keeps its data.
    vars.set(
      name,
      tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(v), shape), isTrainableWeight(name))),
    );
  }
  const trainable = [...vars.values()].filter((v) => v.trainable);
  let terms: number[] = [];
  let pseudo: Int32Array = new Int32Array(0);
  const { grads, value } = tf.variableGrads(() => {
    const t = dscObjective(vars, inputs, c.cfg);
    terms = [t.ce.dataSync()[0], t.cut.dataSync()[0]];
    pseudo = t.pseudoLabels.dataSync() as Int32Array;
    return t.total;
  }, trainable);
  const gradients = new Map<string, Float32Array>();
  for (const [name, v] of vars) {
    if (v.trainable) gradients.set(name, grads[v.name].dataSync() as Float32Array);
  }
  const total = value.dataSync()[0];
  value.dispose();
  for (const g of Object.values(grads)) g.dispose();
  for (const v of vars.values()) v.dispose();
  inputs.dispose();
  return { total, ce: terms[0], cut: terms[1], pseudo, gradients };
}

function expectGradientsMatch(c: Case, names: string[], entriesPerTensor = Infinity) {
  const before = tf.memory().numTensors;
  const got = tfjsEvaluate(c);
  expect(tf.memory().numTensors).toBe(before);
  const ref = referenceDscLoss(referenceInput(c, c.params));
  expect(Array.from(got.pseudo)).toEqual(Array.from(ref.pseudoLabels));
  expect(Math.abs(got.total - ref.total) / Math.abs(ref.total)).toBeLessThan(1e-4);
  expect(Math.abs(got.ce - ref.ce) / Math.abs(ref.ce)).toBeLessThan(1e-4);
  expect(Math.abs(got.cut - ref.cut) / Math.abs(ref.cut)).toBeLessThan(1e-4);

  // With batch statistics the conv bias is cancelled by the BN mean: its gradient must vanish.
  let globalMax = 0;
  for (const g of got.gradients.values())
    for (const v of g) globalMax = Math.max(globalMax, Math.abs(v));
  if (c.cfg.bnMode === 'batch') {
    for (const name of names.filter((n) => n.endsWith('_conv/bias'))) {
      const worst = Math.max(...Array.from(got.gradients.get(name)!, Math.abs));
      expect(`${name}: ${worst / globalMax < 1e-5 ? 'vanishes' : worst / globalMax}`).toBe(
        `${name}: vanishes`,
      );
    }
    names = names.filter((n) => !n.endsWith('_conv/bias'));
  }

  const h = 1e-6;
  const fixed = { fixedPseudoLabels: ref.pseudoLabels, fixedW: ref.w };
  for (const name of names) {
    const base = c.params.get(name)!;
    const g = got.gradients.get(name)!;
    const step = Math.max(1, Math.floor(base.length / entriesPerTensor));
    let maxRef = 0;
    let maxDiff = 0;
    for (let i = 0; i < base.length; i += step) {
      const at = (delta: number) => {
        const p = new Map(c.params);
        const v = Float64Array.from(base);
        v[i] += delta;
        p.set(name, v);
        return referenceDscLoss({ ...referenceInput(c, p), ...fixed }).total;
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      maxRef = Math.max(maxRef, Math.abs(fd));
      maxDiff = Math.max(maxDiff, Math.abs(fd - g[i]));
    }
    // Relative to the largest entry of the tensor: float32 cannot do better on near-zero entries.
    const verdict =
      maxRef > 0 && maxDiff / maxRef < 1e-4 ? 'ok' : `relative error ${maxDiff / maxRef}`;
    expect(`${name}: ${verdict}`).toBe(`${name}: ok`);
  }
}

describe('dscObjective against an independent float64 computation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const tiny = (over: Partial<Case['cfg']>, seed: number): Case => ({
    image: randomImage(8, 6, seed),
    superpixels: gridSuperpixels(8, 6, 4, 3), // 4 superpixels
    channels: [2, 3, 4],
    k: 3,
    cfg: { sigma: 10, alpha: 1, beta: 1, cut: 'normalized', bnMode: 'batch', r: Infinity, ...over },
    params: randomParams([2, 3, 4], 3, seed),
  });
  const allTrainable = (c: Case) =>
    [...paramShapes(c.channels, c.k).keys()].filter(isTrainableWeight);

  it('matches loss and the gradient of every parameter: normalised cut, batch-norm statistics', () => {
    const c = tiny({}, 1);
    expectGradientsMatch(c, allTrainable(c));
  });

  it('matches with the plain cut, moving BN statistics, beta 2 and a finite r', () => {
    const c = tiny({ cut: 'plain', bnMode: 'moving', beta: 2, alpha: 0.5, r: 4.5 }, 2);
    expectGradientsMatch(c, allTrainable(c));
  });

  it('matches with the embedding standardised, centred or centred and scaled (embeddingNorm batch, center, scale)', () => {
    for (const [seed, over] of [
      [6, { embeddingNorm: 'batch' }],
      [7, { embeddingNorm: 'batch', cut: 'plain', r: 4.5, kernels: 'polyphase' }],
      [8, { embeddingNorm: 'center' }],
      [9, { embeddingNorm: 'scale' }],
    ] as const) {
      const c = tiny(over, seed);
      // Taking the mean away cancels the head's bias, as batch norm cancels a conv bias.
      const g = tfjsEvaluate(c).gradients;
      const largest = Math.max(...[...g.values()].map((v) => Math.max(...Array.from(v, Math.abs))));
      const bias = Math.max(...Array.from(g.get(HEAD_BIAS)!, Math.abs));
      expect(bias / largest).toBeLessThan(1e-5);
      expectGradientsMatch(c, allTrainable(c).filter((n) => n !== HEAD_BIAS));
    }
  });

  // The GPU kernel set (filter gradients as im2col + matmul, superpixel sums as a one-hot matrix
  // product) and tfjs's stock kernels, run here on cpu: the same numbers as the reference.
  // 'chunked' with 5-row chunks: 48 pixels, 12 pixels at E2, 3 at E3 (one chunk there).
  it.each(['matmul', 'chunked', 'fused', 'polyphase', 'stock'] as const)('matches with the %s kernel set', (kernels) => {
    const c = tiny({ kernels, chunkRows: 5 }, 4);
    expectGradientsMatch(c, allTrainable(c));
    const d = tiny({ kernels, chunkRows: 5, cut: 'plain', bnMode: 'moving', r: 4.5 }, 5);
    expectGradientsMatch(d, allTrainable(d));
  });

  it('matches with the full-size SuperAE encoder (451 channels, K = 4), sampled entries', () => {
    const c: Case = {
      ...tiny({}, 3),
      channels: [64, 128, 256],
      k: 4,
      params: randomParams([64, 128, 256], 4, 3),
    };
    expectGradientsMatch(
      c,
      [...encoderWeightNames().filter(isTrainableWeight), HEAD_KERNEL, HEAD_BIAS],
      3,
    );
  });
});

describe('resolveKernels', () => {
  it("refuses the WGSL kernel set off the webgpu backend, naming the backend, and resolves 'auto' to 'gather' on cpu", () => {
    expect(() => resolveKernels('wgsl')).toThrow(/'wgsl' kernels run on the webgpu backend only, not cpu/);
    expect(resolveKernels('auto')).toBe('gather');
  });
});
