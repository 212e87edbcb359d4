import * as tf from '@tensorflow/tfjs';
import { chunkedMatMulTA } from './chunkedMatMul';
import { conv3x3, type Conv3x3Impl } from './conv3x3';
import { dscObjective, type DscKernels } from './dscObjective';
import {
  gridSuperpixels,
  paramShapes,
  randomEncoderWeights,
  randomImage,
  randomParams,
  randomTensor,
  seededRandom,
} from './dscTestUtils';
import { isTrainableWeight } from './encoderWeights';
import { prepareDscInputs } from './prepareDscInputs';
import type { EmbeddingNorm } from './DscOptions';
import { momentsOf } from './momentsOf';
import { assignmentMatrix, segmentSumByMatmul } from './segmentSum';
import { batchNormReluWgsl } from './wgsl/batchNormReluWgsl';
import { momentumStepWgsl } from './wgsl/momentumStepWgsl';
import { onWebGPU } from './wgsl/runWgsl';
import { bindGroupCachePreference, bindGroupCacheStats, setBindGroupCache } from './wgsl/bindGroupCache';
import { createDsc } from './createDsc';

/**
 * The project's custom kernels against tfjs's stock ones on the current backend, on random,
 * non-square inputs: for every check, the largest absolute difference divided by the largest
 * absolute stock value (for the objective's gradients, the largest over all parameters). Run by the unit tests (cpu) and by bench.html?check=kernels (webgpu,
 * e2e/bench.spec.ts), so the GPU path is checked where it runs. Reads back asynchronously: a
 * synchronous read can lose the WebGPU device in Chromium.
 */
/** Small chunks, so that the chunked products really are split (and padded) on these sizes. */
const CHUNKS = { chunkRows: 7 };

export async function compareKernels(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const pending: [string, tf.Tensor, tf.Tensor][] = [];
  const keep = (name: string, ours: tf.Tensor, stock: tf.Tensor) =>
    pending.push([name, tf.keep(ours), tf.keep(stock)]);

  tf.tidy(() => {
    // Convolutions: stride 1 and 2, channel counts that are not multiples of 4.
    for (const [stride, shape, co] of [
      [1, [1, 6, 10, 3], 5],
      [2, [1, 8, 12, 5], 6],
    ] as const) {
      const x = randomTensor([...shape], 1 + stride) as tf.Tensor4D;
      const k = randomTensor([3, 3, shape[3], co], 3 + stride) as tf.Tensor4D;
      const up = randomTensor([1, shape[1] / stride, shape[2] / stride, co], 5 + stride);
      const grads = (impl: Conv3x3Impl) =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, stride, impl, CHUNKS)
            .mul(up)
            .sum(),
        )([x, k]);
      const [sx, sk] = grads('stock');
      const impls: Conv3x3Impl[] = ['gather', 'im2col-grad', 'im2col-chunked', 'polyphase'];
      if (onWebGPU()) impls.push('im2col-wgsl', 'col2im-wgsl');
      for (const impl of impls) {
        keep(
          `conv3x3 ${impl} stride ${stride} value`,
          conv3x3(x, k, stride, impl, CHUNKS),
          conv3x3(x, k, stride, 'stock'),
        );
        const [gx, gk] = grads(impl);
        keep(`conv3x3 ${impl} stride ${stride} input gradient`, gx, sx);
        keep(`conv3x3 ${impl} stride ${stride} filter gradient`, gk, sk);
      }
    }
    // Superpixel sums as a one-hot product, and their gradient.
    const r = seededRandom(9);
    const idArray = Int32Array.from({ length: 35 }, () => Math.floor(r() * 6));
    const ids = tf.tensor1d(idArray, 'int32');
    const s = assignmentMatrix(idArray, 7);
    const x = randomTensor([35, 5], 10) as tf.Tensor2D;
    const w = randomTensor([7, 5], 11);
    const stockGrad = tf.grad((t: tf.Tensor) => tf.unsortedSegmentSum(t, ids, 7).mul(w).sum())(x);
    for (const [label, chunkRows] of [
      ['matmul', null],
      ['chunked', 4],
    ] as const) {
      keep(
        `segment sum ${label} value`,
        segmentSumByMatmul(x, ids, s, chunkRows),
        tf.unsortedSegmentSum(x, ids, 7),
      );
      const g = tf.grad((t: tf.Tensor) =>
        segmentSumByMatmul(t as tf.Tensor2D, ids, s, chunkRows)
          .mul(w)
          .sum(),
      )(x);
      keep(`segment sum ${label} gradient`, g, stockGrad);
    }
    // aᵀ · b in chunks: 23 rows (prime: padded chunks) and 24 (exact chunks), against one matmul.
    for (const n of [23, 24]) {
      const a = randomTensor([n, 5], 50 + n) as tf.Tensor2D;
      const b = randomTensor([n, 3], 60 + n) as tf.Tensor2D;
      keep(`chunkedMatMulTA ${n} rows`, chunkedMatMulTA(a, b, 4), a.matMul(b, true, false));
    }
    if (onWebGPU()) {
      // The WGSL convolutions at odd sizes (windows past the last row and column), stride 1 and 2.
      for (const stride of [1, 2] as const) {
        const x = randomTensor([1, 9, 11, 5], 40 + stride) as tf.Tensor4D;
        const k = randomTensor([3, 3, 5, 6], 42 + stride) as tf.Tensor4D;
        const up = randomTensor([1, Math.ceil(9 / stride), Math.ceil(11 / stride), 6], 44 + stride);
        const grads = (impl: Conv3x3Impl) =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, stride, impl)
              .mul(up)
              .sum(),
          )([x, k]);
        const [sx, sk] = grads('stock');
        for (const impl of ['im2col-wgsl', 'col2im-wgsl'] as const) {
          const [gx, gk] = grads(impl);
          keep(`conv3x3 ${impl} 9x11 stride ${stride} input gradient`, gx, sx);
          keep(`conv3x3 ${impl} 9x11 stride ${stride} filter gradient`, gk, sk);
        }
      }
      batchNormChecks(keep);
      // SGD with momentum, as createDsc's step writes it with tfjs ops.
      const [p, v, g] = [randomTensor([3, 5, 7], 30), randomTensor([3, 5, 7], 31), randomTensor([3, 5, 7], 32)];
      const [vNext, pNext] = momentumStepWgsl(p, v, g, 0.05, 0.9);
      const vStock = v.mul(tf.scalar(0.9)).add(g);
      keep('momentumStepWgsl velocity', vNext, vStock);
      keep('momentumStepWgsl parameter', pNext, p.sub(vStock.mul(tf.scalar(0.05))));
    }
  });

  // The whole objective (Eq. 3 to 9) and every parameter's gradient, custom kernel sets vs stock.
  const stock = kernelObjective('stock');
  const names = kernelObjectiveNames();
  const sets: DscKernels[] = ['matmul', 'chunked', 'fused', 'polyphase'];
  if (onWebGPU()) sets.push('wgsl');
  for (const kernels of sets) {
    const ours = kernelObjective(kernels);
    names.forEach((name, i) =>
      pending.push([`objective ${kernels} ${name}`, ours[i], stock[i].clone()]),
    );
  }
  tf.dispose(stock);
  if (onWebGPU()) {
    // Z standardised per channel (embeddingNorm 'batch'), which 'wgsl' computes with its own kernels.
    const stockZ = kernelObjective('stock', { embeddingNorm: 'batch' });
    const oursZ = kernelObjective('wgsl', { embeddingNorm: 'batch' });
    names.forEach((name, i) => pending.push([`objective wgsl_zbatch ${name}`, oursZ[i], stockZ[i]]));
    // The plain cut, other weights and a locality radius that cuts some pairs (the WGSL loss).
    const other = { cut: 'plain', alpha: 0.5, beta: 2, r: 5 } as const;
    const stockP = kernelObjective('stock', other);
    const oursP = kernelObjective('wgsl', other);
    names.forEach((name, i) => pending.push([`objective wgsl_plain ${name}`, oursP[i], stockP[i]]));
    // Sides that are not multiples of 4: E1 padded, the upsampling cropped (the WGSL head).
    const stockO = kernelObjective('stock', { size: [13, 10] });
    const oursO = kernelObjective('wgsl', { size: [13, 10] });
    names.forEach((name, i) => pending.push([`objective wgsl_odd ${name}`, oursO[i], stockO[i]]));
    // Another K after K = 5: every constant baked into a program must be in its shader key, or
    // tfjs reuses the pipeline compiled for the other K.
    const stockK = kernelObjective('stock', { k: 7 });
    const oursK = kernelObjective('wgsl', { k: 7 });
    names.forEach((name, i) => pending.push([`objective wgsl_k7 ${name}`, oursK[i], stockK[i]]));
  }

  try {
    const values = await Promise.all(pending.map(([, a, b]) => Promise.all([a.data(), b.data()])));
    const maxAbs = (v: ArrayLike<number>) =>
      Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    // With batch statistics the conv biases' gradients are 0 up to rounding (the BN mean cancels
    // them): the objective's gradients are compared at the scale of the largest of them all.
    let gradientScale = 0;
    pending.forEach(([name], i) => {
      if (/^objective \w+ gradient/.test(name))
        gradientScale = Math.max(gradientScale, maxAbs(values[i][1]));
    });
    pending.forEach(([name], i) => {
      const [a, b] = values[i];
      let diff = 0;
      for (let j = 0; j < b.length; j++) diff = Math.max(diff, Math.abs(a[j] - b[j]));
      const scale = /^objective \w+ gradient/.test(name) ? gradientScale : maxAbs(b);
      out[name] = a.length === b.length ? diff / Math.max(scale, 1e-12) : Infinity;
    });
  } finally {
    for (const [, a, b] of pending) tf.dispose([a, b]);
  }
  if (onWebGPU()) Object.assign(out, await compareBindGroupCache());
  return out;
}

/**
 * Whole 'wgsl' DSC runs with and without the bind-group cache (bindGroupCache.ts), which must
 * only save CPU time: the largest relative difference of the losses over the iterations, and the
 * share of pixels labelled differently. Throws if the cache was never hit (nothing was checked).
 */
async function compareBindGroupCache(): Promise<Record<string, number>> {
  const weights = randomEncoderWeights([4, 6, 8], 21);
  const image = randomImage(16, 12, 22);
  const superpixels = gridSuperpixels(16, 12, 4, 3);
  const before = bindGroupCachePreference();
  const runs: { totals: number[]; labels: Int32Array[] }[] = [];
  let hits = 0;
  try {
    for (const cached of [false, true]) {
      setBindGroupCache(cached);
      const hitsBefore = bindGroupCacheStats()?.hits ?? 0;
      const dsc = await createDsc(weights, { k: 5, iterations: 12, kernels: 'wgsl', minLabels: 0 });
      const run = { totals: [] as number[], labels: [] as Int32Array[] };
      try {
        for await (const it of dsc.run(image, superpixels)) {
          run.totals.push(it.total);
          run.labels.push(it.labels);
        }
      } finally {
        dsc.dispose();
      }
      if (cached) hits = (bindGroupCacheStats()?.hits ?? 0) - hitsBefore;
      runs.push(run);
    }
  } finally {
    setBindGroupCache(before ?? true);
    for (const t of weights.values()) t.dispose();
  }
  if (hits === 0) throw new Error('compareKernels: the bind-group cache was never hit');
  const [off, on] = runs;
  let loss = 0;
  let differing = 0;
  let pixels = 0;
  off.totals.forEach((t, i) => {
    loss = Math.max(loss, Math.abs(on.totals[i] - t) / Math.max(Math.abs(t), 1e-12));
    off.labels[i].forEach((l, j) => {
      differing += on.labels[i][j] === l ? 0 : 1;
      pixels++;
    });
  });
  return {
    'bind-group cache: losses of a whole run': on.totals.length === off.totals.length ? loss : Infinity,
    'bind-group cache: pixels labelled differently': pixels > 0 ? differing / pixels : Infinity,
  };
}

/**
 * The DSC objective (Eq. 3 to 9) on a small non-square case with random weights, and the gradient
 * of every trainable parameter, with one kernel set on the current backend: [loss, ...gradients]
 * in the order of paramShapes (kernelObjectiveNames). Also used to compare backends.
 */
export function kernelObjective(
  kernels: DscKernels,
  {
    embeddingNorm = 'none',
    cut = 'normalized',
    alpha = 1,
    beta = 1,
    r = Infinity,
    size = [12, 8],
    k = 5,
  }: {
    embeddingNorm?: EmbeddingNorm;
    cut?: 'normalized' | 'plain';
    alpha?: number;
    beta?: number;
    r?: number;
    /** [width, height]. */
    size?: [number, number];
    /** Clusters K of the head. */
    k?: number;
  } = {},
): tf.Tensor[] {
  const channels: [number, number, number] = [4, 6, 8];
  // Non-square; the default sides are multiples of 4, others are padded and cropped again.
  const image = randomImage(size[0], size[1], 12);
  const superpixels = gridSuperpixels(size[0], size[1], 4, 3);
  const inputs = prepareDscInputs(image, superpixels, r, {
    assignment: kernels !== 'stock',
    wgsl: kernels === 'wgsl',
  });
  try {
    return tf.tidy(() => {
      const params = new Map<string, tf.Variable>();
      for (const [name, v] of randomParams(channels, k, 13)) {
        params.set(
          name,
          tf.variable(
            tf.tensor(Float32Array.from(v), paramShapes(channels, k).get(name)),
            isTrainableWeight(name),
            `compareKernels/${kernels}/${name}`,
          ),
        );
      }
      const trainable = [...params.values()].filter((p) => p.trainable);
      const cfg = {
        sigma: 10,
        alpha,
        beta,
        cut,
        bnMode: 'batch',
        kernels,
        embeddingNorm,
        chunkRows: CHUNKS.chunkRows,
      } as const;
      const { value, grads } = tf.variableGrads(
        () => dscObjective(params, inputs, cfg).total,
        trainable,
      );
      // A parameter without a path to the loss ('wgsl' leaves the conv biases out of the batch
      // norm, which cancels them) has the gradient 0.
      const result = [
        value,
        ...[...params.entries()]
          .filter(([n]) => isTrainableWeight(n))
          .map(([n, p]) => grads[`compareKernels/${kernels}/${n}`] ?? tf.zerosLike(p)),
      ];
      for (const p of params.values()) p.dispose();
      return result;
    });
  } finally {
    inputs.dispose();
  }
}

/** The names of kernelObjective's outputs. */
export const kernelObjectiveNames = (): string[] => [
  'loss',
  ...[...paramShapes([4, 6, 8], 5).keys()].filter(isTrainableWeight).map((n) => `gradient ${n}`),
];

/**
 * batchNormReluWgsl against the same step written with tfjs ops, values and gradients (x, γ, β,
 * bias): with and without the affine step and ReLU, on shapes that leave a partial workgroup of
 * channels (70 = 64 + 6) and several chunks of rows, the last one partial (600 = 2 x 256 + 88).
 */
function batchNormChecks(keep: (name: string, ours: tf.Tensor, stock: tf.Tensor) => void): void {
  for (const [n, c, affine, relu] of [
    [600, 70, true, true],
    [37, 5, false, false],
  ] as const) {
    const x = randomTensor([n, c], 20 + c).mul(3).add(1) as tf.Tensor2D;
    const gamma = randomTensor([c], 21 + c) as tf.Tensor1D;
    const beta = randomTensor([c], 22 + c) as tf.Tensor1D;
    const bias = randomTensor([c], 23 + c) as tf.Tensor1D;
    const up = randomTensor([n, c], 24 + c);
    const eps = 1e-3;
    const stockOp = (t: tf.Tensor, g: tf.Tensor, b: tf.Tensor, bs: tf.Tensor) => {
      const pre = t.add(bs);
      const { mean, variance } = momentsOf(pre, [0]);
      let y = pre.sub(mean).mul(variance.add(eps).rsqrt());
      if (affine) y = y.mul(g).add(b);
      return relu ? y.relu() : y;
    };
    // Without the bias: the batch mean cancels it, so the values must agree with it left out.
    const oursOp = (t: tf.Tensor, g: tf.Tensor, b: tf.Tensor, _bias: tf.Tensor) =>
      batchNormReluWgsl(t as tf.Tensor2D, {
        affine: affine ? { gamma: g as tf.Tensor1D, beta: b as tf.Tensor1D } : null,
        relu,
        epsilon: eps,
      });
    const label = `batchNormReluWgsl ${n}x${c}${affine ? ' affine' : ''}${relu ? ' relu' : ''}`;
    keep(`${label} value`, oursOp(x, gamma, beta, bias), stockOp(x, gamma, beta, bias));
    // Without the affine step γ and β play no part: the gradients are taken for x alone.
    const loss = (op: typeof stockOp) => (...ts: tf.Tensor[]) =>
      op(ts[0], ts[1] ?? gamma, ts[2] ?? beta, bias).mul(up).sum();
    const wrt = affine ? [x, gamma, beta] : [x];
    const ours = tf.grads(loss(oursOp))(wrt);
    const stock = tf.grads(loss(stockOp))(wrt);
    keep(`${label} input gradient`, ours[0], stock[0]);
    if (affine) {
      keep(`${label} gamma gradient`, ours[1], stock[1]);
      keep(`${label} beta gradient`, ours[2], stock[2]);
    }
    // The bias's gradient (none in ours, 0 to rounding in stock) is compared in the objective
    // checks, at the scale of all the parameters' gradients; here the bias is a constant.
  }
}
