import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bilinearMatrix } from './bilinearMatrix';
import { conv3x3 } from './conv3x3';
import { DSC_DEFAULTS, resolveDscOptions } from './DscOptions';
import { randomTensor } from './dscTestUtils';
import { majorityVote } from './majorityVote';
import { assignmentMatrix, gatherRows, segmentSum, segmentSumByMatmul } from './segmentSum';
import { chunkedMatMulTA, chunkRowsFor, matMulChunkedGrad } from './chunkedMatMul';
import { splitConnectedComponents } from './splitConnectedComponents';
import { localityMask, similarityMatrix, superpixelCentres } from './superpixelGraph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});


describe('majorityVote (Eq. 4)', () => {
  it('gives each superpixel the label most of its pixels took, ties to the lowest label', () => {
    // 7 pixels, K = 3; pixel argmax: 2, 2, 0 | 1, 0 | 2, 1 (superpixels 0, 1, 2).
    const z = tf.tensor2d([
      [0, 1, 5],
      [0, 1, 3],
      [9, 1, 3],
      [0, 4, 3],
      [2, 1, 0],
      [0, 0, 1],
      [0, 2, 1],
    ]);
    const sp = tf.tensor1d([0, 0, 0, 1, 1, 2, 2], 'int32');
    const before = tf.memory().numTensors;
    const votes = majorityVote(z, sp, 3);
    expect(Array.from(votes.dataSync())).toEqual([2, 0, 1]);
    votes.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, sp]);
  });
});

describe('similarityMatrix and localityMask (Eq. 7)', () => {
  it('matches exp(-||F_j - F_l||^2 / sigma) computed in float64, masked by centre distance < r', () => {
    const f = [
      [0, 1, 2],
      [1, 1, 0],
      [0.5, -1, 2],
      [3, 0, 0],
    ];
    // Superpixel ids on a 4x2 image: 0 0 1 1 / 2 2 3 3 -> centres (0.5,0) (2.5,0) (0.5,1) (2.5,1).
    const centres = superpixelCentres(new Int32Array([0, 0, 1, 1, 2, 2, 3, 3]), 4, 4);
    expect(Array.from(centres)).toEqual([0.5, 0, 2.5, 0, 0.5, 1, 2.5, 1]);
    const mask = localityMask(centres, 2.1); // keeps distances 0, 1, 2; drops sqrt(5)
    expect(Array.from(mask)).toEqual([1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1]);
    const w = tf.tidy(() =>
      similarityMatrix(tf.tensor2d(f), tf.tensor2d(mask, [4, 4]), 10).arraySync(),
    );
    for (let j = 0; j < 4; j++) {
      for (let l = 0; l < 4; l++) {
        const d2 = f[j].reduce((s, v, q) => s + (v - f[l][q]) ** 2, 0);
        expect(w[j][l]).toBeCloseTo(mask[j * 4 + l] * Math.exp(-d2 / 10), 6);
      }
    }
    expect(Array.from(localityMask(centres, Infinity))).toEqual(new Array(16).fill(1));
  });
});

describe('splitConnectedComponents', () => {
  it('splits a label covering two separate areas, numbering by first appearance', () => {
    const labels = new Int32Array([5, 5, 7, 5, 7, 7, 7, 5, 5, 9, 9, 5]); // 4x3; the lone 5 at (0, 2) is cut off
    const out = splitConnectedComponents(labels, 4, 3);
    expect(Array.from(out.labels)).toEqual([0, 0, 1, 2, 1, 1, 1, 2, 3, 4, 4, 2]);
    expect(out.count).toBe(5);
  });

  it('joins diagonal neighbours (8-connectivity, as EGB superpixels are)', () => {
    const out = splitConnectedComponents(new Int32Array([1, 2, 2, 1]), 2, 2);
    expect(Array.from(out.labels)).toEqual([0, 1, 1, 0]);
    expect(out.count).toBe(2);
  });
});

describe('bilinearMatrix', () => {
  it('has the half-pixel-centre weights of a 2x upsampling, clamped at the edges', () => {
    // in 2 -> out 4: sources -0.25, 0.25, 0.75, 1.25 -> clamp 0, 0.25, 0.75, 1.
    expect(Array.from(bilinearMatrix(2, 4))).toEqual([1, 0, 0.75, 0.25, 0.25, 0.75, 0, 1]);
    expect(Array.from(bilinearMatrix(2, 4, 3))).toEqual([1, 0, 0.75, 0.25, 0.25, 0.75]);
    expect(() => bilinearMatrix(2, 4, 5)).toThrow(/outSize/);
  });

  it('upsamples a non-square map as tf.image.resizeBilinear (half-pixel centres) does, forward', () => {
    const [h, w, bigH, bigW] = [3, 5, 12, 20];
    const x = randomTensor([h, w], 1);
    const ry = tf.tensor2d(bilinearMatrix(h, bigH), [bigH, h]);
    const rx = tf.tensor2d(bilinearMatrix(w, bigW), [bigW, w]);
    const ours = ry.matMul(x.matMul(rx, false, true) as tf.Tensor2D);
    const theirs = tf.image.resizeBilinear(
      x.reshape([1, h, w, 1]) as tf.Tensor4D,
      [bigH, bigW],
      false,
      true,
    );
    expect(tf.max(tf.abs(ours.sub(theirs.reshape([bigH, bigW])))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, ry, rx, ours, theirs]);
  });
});

describe('segmentSum and gatherRows', () => {
  it('sum rows per id and gather rows, with gradients that are each other', () => {
    const x = randomTensor([6, 3], 2) as tf.Tensor2D;
    const ids = tf.tensor1d([2, 0, 2, 1, 0, 2], 'int32');
    const ours = segmentSum(x, ids, 4);
    const theirs = tf.unsortedSegmentSum(x, ids, 4);
    expect(tf.max(tf.abs(ours.sub(theirs))).dataSync()[0]).toBeLessThan(1e-6);
    const weights = randomTensor([4, 3], 3);
    const g1 = tf.grad((t: tf.Tensor) =>
      segmentSum(t as tf.Tensor2D, ids, 4)
        .mul(weights)
        .sum(),
    )(x);
    const g2 = tf.grad((t: tf.Tensor) => tf.unsortedSegmentSum(t, ids, 4).mul(weights).sum())(x);
    expect(tf.max(tf.abs(g1.sub(g2))).dataSync()[0]).toBeLessThan(1e-6);
    const w6 = randomTensor([6, 3], 4);
    const g3 = tf.grad((t: tf.Tensor) =>
      gatherRows(t as tf.Tensor2D, ids)
        .mul(w6)
        .sum(),
    )(weights);
    const g4 = tf.grad((t: tf.Tensor) => tf.gather(t, ids).mul(w6).sum())(weights);
    expect(tf.max(tf.abs(g3.sub(g4))).dataSync()[0]).toBeLessThan(1e-6);
    expect(() => segmentSum(x, tf.tensor1d([0, 0, 0, 0, 0, 9], 'int32'), 4)).toThrow(/outside/);
  });

  it('segmentSumByMatmul: the one-hot product (plain or chunked) and its gather gradient match tf.unsortedSegmentSum', () => {
    const idArray = Int32Array.from([2, 0, 2, 1, 0, 2, 3]);
    const ids = tf.tensor1d(idArray, 'int32');
    const s = assignmentMatrix(idArray, 5); // segment 4 is empty
    expect(s.shape).toEqual([7, 5]);
    expect(Array.from(s.sum(1).dataSync())).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(s.argMax(1).dataSync())).toEqual(Array.from(idArray));
    const x = randomTensor([7, 3], 11) as tf.Tensor2D;
    const weights = randomTensor([5, 3], 12);
    const g2 = tf.grad((t: tf.Tensor) => tf.unsortedSegmentSum(t, ids, 5).mul(weights).sum())(x);
    for (const chunkRows of [null, 2, 3, 100]) {
      const ours = segmentSumByMatmul(x, ids, s, chunkRows);
      expect(tf.max(tf.abs(ours.sub(tf.unsortedSegmentSum(x, ids, 5)))).dataSync()[0]).toBeLessThan(1e-6);
      const g1 = tf.grad((t: tf.Tensor) => segmentSumByMatmul(t as tf.Tensor2D, ids, s, chunkRows).mul(weights).sum())(x);
      expect(tf.max(tf.abs(g1.sub(g2))).dataSync()[0]).toBeLessThan(1e-6);
    }
    expect(() => assignmentMatrix(Int32Array.from([0, 5]), 5)).toThrow(/outside/);
    expect(() => assignmentMatrix(new Int32Array(2 ** 20), 64)).toThrow(/exceed/);
  });
});

describe('chunkedMatMulTA and matMulChunkedGrad', () => {
  it.each([1, 3, 4, 7, 13, 100])('aᵀ b in chunks of %i rows (13 rows, padded where needed)', (chunkRows) => {
    const a = randomTensor([13, 4], 21) as tf.Tensor2D;
    const b = randomTensor([13, 5], 22) as tf.Tensor2D;
    const ours = chunkedMatMulTA(a, b, chunkRows);
    expect(ours.shape).toEqual([4, 5]);
    expect(tf.max(tf.abs(ours.sub(a.matMul(b, true, false)))).dataSync()[0]).toBeLessThan(1e-5);
    const w = randomTensor([4, 6], 23) as tf.Tensor2D;
    const up = randomTensor([13, 6], 24);
    const [ga1, gw1] = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      matMulChunkedGrad(x as tf.Tensor2D, y as tf.Tensor2D, chunkRows).mul(up).sum(),
    )([a, w]);
    const [ga2, gw2] = tf.grads((x: tf.Tensor, y: tf.Tensor) => (x as tf.Tensor2D).matMul(y as tf.Tensor2D).mul(up).sum())([a, w]);
    expect(tf.max(tf.abs(ga1.sub(ga2))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(gw1.sub(gw2))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('chooses exact chunks where a divisor is near the target, balanced padded chunks otherwise', () => {
    // A 321x481 image's E1, E2 and E3 rows (padded to multiples of 4): no zero rows to add.
    expect(chunkRowsFor(156816, 1024)).toEqual({ rows: 968, batches: 162 });
    expect(chunkRowsFor(39204, 1024)).toEqual({ rows: 1089, batches: 36 });
    expect(chunkRowsFor(9801, 1024)).toEqual({ rows: 1089, batches: 9 });
    expect(chunkRowsFor(24, 7)).toEqual({ rows: 6, batches: 4 });
    // 23 is prime: no divisor in [2, 8], so 6 chunks of 4 rows, the last padded with one zero row.
    expect(chunkRowsFor(23, 4)).toEqual({ rows: 4, batches: 6 });
    expect(chunkRowsFor(5, 1024)).toEqual({ rows: 5, batches: 1 });
  });

  it('refuses mismatched rows and a bad chunk size', () => {
    expect(() => chunkedMatMulTA(tf.zeros([3, 2]), tf.zeros([4, 2]))).toThrow(/3 rows in a but 4 in b/);
    expect(() => chunkedMatMulTA(tf.zeros([3, 2]), tf.zeros([3, 2]), 0)).toThrow(/chunkRows/);
  });
});

describe('conv3x3', () => {
  const pad = (t: tf.Tensor4D) =>
    tf.pad(t, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
  // Each implementation against tfjs's own Conv2D and its gradients on a non-square map.
  it.each([
    ['gather', 1],
    ['gather', 2],
    ['im2col-grad', 1],
    ['im2col-grad', 2],
    ['im2col-chunked', 1],
    ['im2col-chunked', 2],
    ['polyphase', 1],
    ['polyphase', 2],
    ['stock', 2],
  ] as const)(
    '%s, stride %i: values and gradients match tf.conv2d with padding 1',
    (impl, stride) => {
      const x = randomTensor([1, 6, 10, 3], 5) as tf.Tensor4D;
      const k = randomTensor([3, 3, 3, 4], 6) as tf.Tensor4D;
      const ours = conv3x3(x, k, stride, impl);
      const theirs = tf.conv2d(pad(x), k, stride, 'valid');
      expect(ours.shape).toEqual([1, 6 / stride, 10 / stride, 4]);
      expect(tf.max(tf.abs(ours.sub(theirs))).dataSync()[0]).toBeLessThan(1e-5);
      const up = randomTensor(ours.shape, 7);
      const [gx1, gk1] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, stride, impl)
          .mul(up)
          .sum(),
      )([x, k]);
      const [gx2, gk2] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(pad(a as tf.Tensor4D), b as tf.Tensor4D, stride, 'valid')
          .mul(up)
          .sum(),
      )([x, k]);
      expect(tf.max(tf.abs(gx2)).dataSync()[0]).toBeGreaterThan(0.1);
      expect(tf.max(tf.abs(gx1.sub(gx2))).dataSync()[0]).toBeLessThan(1e-5);
      expect(tf.max(tf.abs(gk1.sub(gk2))).dataSync()[0]).toBeLessThan(1e-5);
    },
  );

  it('im2col-grad without an input gradient: zero input gradient, the same filter gradient', () => {
    const x = randomTensor([1, 4, 8, 2], 8) as tf.Tensor4D;
    const k = randomTensor([3, 3, 2, 5], 9) as tf.Tensor4D;
    const up = randomTensor([1, 4, 8, 5], 10);
    const f = (inputGrad: boolean) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'im2col-grad', { inputGrad })
          .mul(up)
          .sum(),
      )([x, k]);
    const [gx, gk] = f(false);
    const [, gkFull] = f(true);
    expect(tf.max(tf.abs(gx)).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(gk.sub(gkFull))).dataSync()[0]).toBeLessThan(1e-6);
  });
});

describe('resolveDscOptions', () => {
  it("fills the paper's defaults", () => {
    expect(resolveDscOptions()).toEqual(DSC_DEFAULTS);
    expect(DSC_DEFAULTS).toMatchObject({
      k: 32,
      iterations: 128,
      learningRate: 0.05,
      momentum: 0.9,
      sigma: 10,
      alpha: 1,
    });
  });

  it.each([
    [{ k: 1 }, /DscOptions\.k must be an integer from 2/],
    [{ k: 2.5 }, /DscOptions\.k/],
    [{ iterations: 0 }, /DscOptions\.iterations/],
    [{ learningRate: NaN }, /DscOptions\.learningRate/],
    [{ momentum: 1 }, /DscOptions\.momentum/],
    [{ sigma: 0 }, /DscOptions\.sigma/],
    [{ r: -1 }, /DscOptions\.r /],
    [{ beta: -0.5 }, /DscOptions\.beta/],
    [{ alpha: 0, beta: 0 }, /DscOptions\.alpha/],
    [{ cut: 'ratio' }, /DscOptions\.cut must be one of normalized, plain/],
    [{ headInit: 'zeros' }, /DscOptions\.headInit/],
    [{ bnMode: 'train' }, /DscOptions\.bnMode/],
    [{ splitComponents: 1 }, /DscOptions\.splitComponents/],
    [{ minRegionFraction: 1 }, /DscOptions\.minRegionFraction must be below 1/],
    [{ minRegionFraction: -0.1 }, /DscOptions\.minRegionFraction/],
    [{ minLabels: -1 }, /DscOptions\.minLabels/],
    [{ seed: 1.5 }, /DscOptions\.seed/],
    [{ kk: 3 }, /unknown field 'kk'/],
  ])('rejects %o naming the field', (options, message) => {
    expect(() => resolveDscOptions(options as never)).toThrow(message);
  });

  it('accepts r = Infinity and beta = 0', () => {
    expect(resolveDscOptions({ r: Infinity, beta: 0 })).toMatchObject({ r: Infinity, beta: 0 });
  });
});
