import * as tf from '@tensorflow/tfjs';
import { BN_EPSILON, SUPERAE_LAYERS } from '../superae/buildSuperAE';
import { batchNormBatchStats } from './batchNormBatchStats';
import { DEFAULT_CHUNK_ROWS, matMulChunkedGrad } from './chunkedMatMul';
import { conv3x3, type Conv3x3Impl } from './conv3x3';
import { ENCODER_STAGES } from './encoderWeights';
import { majorityVote } from './majorityVote';
import { meanOf, momentsOf } from './momentsOf';
import { batchNormReluWgsl } from './wgsl/batchNormReluWgsl';
import { dscLossWgsl, wgslLossInputs } from './wgsl/dscLossWgsl';
import { headWgsl } from './wgsl/headWgsl';
import { segmentSum, segmentSumByMatmul } from './segmentSum';
import { similarityMatrix } from './superpixelGraph';
import type { ResolvedDscOptions } from './DscOptions';

/** Keeps the normalised cut's denominators away from 0. */
export const CUT_EPSILON = 1e-8;

/** Names of the head's parameters in a DscParams map. */
export const HEAD_KERNEL = 'head/kernel';
export const HEAD_BIAS = 'head/bias';

/**
 * Every parameter of the objective by name: the encoder's (see encoderWeightNames) plus
 * `head/kernel` [C, K] (C = 3 + C1 + C2 + C3, rows in the order image, E1, E2, E3) and
 * `head/bias` [K].
 */
export type DscParams = ReadonlyMap<string, tf.Tensor>;

/** The per-image constants of the objective (see prepareDscInputs). */
export interface DscInputs {
  /** Working size; N = height * width. */
  readonly height: number;
  readonly width: number;
  /** The image in [0, 1], edge-padded to multiples of 4: [1, Hp, Wp, 3]. */
  readonly padded: tf.Tensor4D;
  /** The unpadded image in [0, 1], [N, 3]. */
  readonly pixels: tf.Tensor2D;
  /** Superpixel id 0..m-1 of each pixel, int32 [N]. */
  readonly superpixel: tf.Tensor1D;
  /** Number of superpixels M. */
  readonly m: number;
  /** 1 / |superpixel j|, [M, 1]. */
  readonly invSizes: tf.Tensor2D;
  /**
   * The one-hot assignment Sᵀ [N, M] (1 when pixel i lies in superpixel j), present when the
   * superpixel sums are matrix products (kernels 'matmul' and 'chunked').
   */
  readonly assignment?: tf.Tensor2D;
  /** Pixel indices grouped by superpixel, int32 [N], and where each group starts, int32 [M + 1] (the 'wgsl' loss). */
  readonly members?: tf.Tensor1D;
  readonly offsets?: tf.Tensor1D;
  /** The head's bilinear taps and spans (upsampleTables; the 'wgsl' head). */
  readonly upsampleTables?: tf.Tensor1D;
  /** Eq. 7's locality mask [M, M]. */
  readonly mask: tf.Tensor2D;
  /** Interpolation matrices from E2 (half size) and E3 (quarter size) to the unpadded size. */
  readonly ry2: tf.Tensor2D;
  readonly rx2: tf.Tensor2D;
  readonly ry3: tf.Tensor2D;
  readonly rx3: tf.Tensor2D;
}

/** The kernel set actually used ('auto' resolved for the current backend). */
export type DscKernels = Exclude<ResolvedDscOptions['kernels'], 'auto'>;

export type DscObjectiveConfig = Pick<ResolvedDscOptions, 'sigma' | 'alpha' | 'beta' | 'cut' | 'bnMode'> & {
  /** @default 'none' */
  embeddingNorm?: ResolvedDscOptions['embeddingNorm'];
  /** @default resolveKernels('auto') */
  kernels?: DscKernels;
  /** Rows per chunk of the 'chunked' kernels (tests use small values). @default DEFAULT_CHUNK_ROWS */
  chunkRows?: number;
};

/**
 * 'auto' -> 'gather' on the cpu backend, 'polyphase' on wasm (which has no Conv2DBackpropFilter),
 * 'wgsl' on webgpu, 'matmul' elsewhere (webgl). On an H200 (WebGPU through Dawn) a 321x481
 * iteration took 8.7-14.4 ms with 'wgsl' (PyTorch: 4.6-6.1 ms), 46.5-49.4 with
 * 'matmul', 369 with 'chunked' and 732 with 'stock' (results/bench-dsc-nvidia-h200*.json,
 * docs/performance.md).
 */
export function resolveKernels(kernels: ResolvedDscOptions['kernels']): DscKernels {
  const backend = tf.getBackend();
  if (kernels === 'wgsl' && backend !== 'webgpu')
    throw new Error(`DSC: the 'wgsl' kernels run on the webgpu backend only, not ${backend}`);
  if (kernels !== 'auto') return kernels;
  if (backend === 'cpu') return 'gather';
  if (backend === 'wasm') return 'polyphase';
  return backend === 'webgpu' ? 'wgsl' : 'matmul';
}

/** Whether a kernel set sums over superpixels with the one-hot matrix (DscInputs.assignment). */
export const usesAssignment = (kernels: DscKernels) =>
  kernels === 'matmul' || kernels === 'chunked' || kernels === 'fused';

const CONV_IMPL: Record<DscKernels, Conv3x3Impl> = {
  stock: 'stock',
  gather: 'gather',
  matmul: 'im2col-grad',
  chunked: 'im2col-chunked',
  fused: 'im2col-grad',
  polyphase: 'polyphase',
  wgsl: 'col2im-wgsl',
};

/** The chunk size of the 'chunked' set, null for the others. */
export const chunksOf = (kernels: DscKernels, chunkRows = DEFAULT_CHUNK_ROWS) =>
  kernels === 'chunked' ? chunkRows : null;

/** Sum of the rows of x [N, K] over each superpixel: [M, K] (the numerator of Eq. 5). */
function superpixelSum(x: tf.Tensor2D, inputs: DscInputs, kernels: DscKernels, chunkRows?: number): tf.Tensor2D {
  if (usesAssignment(kernels) && inputs.assignment) {
    return segmentSumByMatmul(x, inputs.superpixel, inputs.assignment, chunksOf(kernels, chunkRows));
  }
  if (kernels === 'stock') return tf.unsortedSegmentSum(x, inputs.superpixel, inputs.m);
  return segmentSum(x, inputs.superpixel, inputs.m);
}

/** x [N, C] · w [C, K]; with the 'chunked' set the weight gradient is a chunked product. */
function project(x: tf.Tensor2D, w: tf.Tensor2D, kernels: DscKernels, chunkRows?: number): tf.Tensor2D {
  const chunks = chunksOf(kernels, chunkRows);
  return chunks === null ? (x.matMul(w) as tf.Tensor2D) : matMulChunkedGrad(x, w, chunks);
}

export interface DscObjectiveTerms {
  total: tf.Scalar;
  ce: tf.Scalar;
  cut: tf.Scalar;
  /** Eq. 4's pseudo-labels c*, int32 [M]. */
  pseudoLabels: tf.Tensor1D;
  /**
   * With the 'wgsl' loss: a float vector whose first 3 + M entries are [ce, cut, total, c*], the
   * terms in one tensor for one read-back (the fields above are then views of it).
   */
  packed?: tf.Tensor1D;
}

/** A weight that must exist (the map was checked when the model was built). */
function need(params: DscParams, name: string): tf.Tensor {
  const t = params.get(name);
  if (!t) throw new Error(`DSC parameters: missing ${name}`);
  return t;
}

/** One encoder module: 3x3 conv (zero pad 1; stride 1 for E1, 2 for E2 and E3), BN, ReLU. */
function encoderStage(
  x: tf.Tensor4D,
  params: DscParams,
  stage: (typeof ENCODER_STAGES)[number],
  bnMode: DscObjectiveConfig['bnMode'],
  kernels: DscKernels,
  chunkRows?: number,
): tf.Tensor4D {
  const { conv, bn } = SUPERAE_LAYERS[stage];
  const kernel = need(params, `${conv}/kernel`) as tf.Tensor4D;
  // E1 reads the image, a constant: no input gradient.
  const y = conv3x3(x, kernel, stage === 'e1' ? 1 : 2, CONV_IMPL[kernels], {
    inputGrad: stage !== 'e1',
    chunkRows,
  });
  if (kernels === 'wgsl' && bnMode === 'batch') {
    // The conv bias is left out: the batch mean cancels it (it gets no gradient).
    const [, h, w, c] = y.shape;
    const rows = batchNormReluWgsl(y.reshape([h * w, c]) as tf.Tensor2D, {
      affine: { gamma: need(params, `${bn}/gamma`) as tf.Tensor1D, beta: need(params, `${bn}/beta`) as tf.Tensor1D },
      relu: true,
      epsilon: BN_EPSILON,
    });
    return rows.reshape([1, h, w, c]) as tf.Tensor4D;
  }
  if (kernels === 'fused' && bnMode === 'batch') {
    const [, h, w, c] = y.shape;
    const rows = batchNormBatchStats(
      y.reshape([h * w, c]) as tf.Tensor2D,
      need(params, `${conv}/bias`) as tf.Tensor1D,
      need(params, `${bn}/gamma`) as tf.Tensor1D,
      need(params, `${bn}/beta`) as tf.Tensor1D,
      BN_EPSILON,
      chunkRows,
    );
    return rows.relu().reshape([1, h, w, c]) as tf.Tensor4D;
  }
  const pre = y.add(need(params, `${conv}/bias`));
  let mean: tf.Tensor;
  let variance: tf.Tensor;
  if (bnMode === 'batch') {
    // Biased variance over the image, as PyTorch's train mode normalises (tf.moments' values;
    // momentsOf keeps the gradient's broadcasts on the backend).
    ({ mean, variance } = momentsOf(pre, [0, 1, 2]));
  } else {
    mean = need(params, `${bn}/moving_mean`);
    variance = need(params, `${bn}/moving_variance`);
  }
  // Written out rather than tf.batchNorm so the gradient through the batch statistics is plain.
  const normed = pre.sub(mean).mul(variance.add(BN_EPSILON).rsqrt());
  return normed
    .mul(need(params, `${bn}/gamma`))
    .add(need(params, `${bn}/beta`))
    .relu() as tf.Tensor4D;
}

/** Ry · X · Rxᵀ for every channel: X [h, w, K] -> [H * W, K]. */
function upsample(x: tf.Tensor3D, ry: tf.Tensor2D, rx: tf.Tensor2D): tf.Tensor2D {
  const [h, w, k] = x.shape;
  const bigH = ry.shape[0];
  const bigW = rx.shape[0];
  const rows = ry.matMul(x.reshape([h, w * k])).reshape([bigH, w, k]); // [H, w, K]
  const cols = rx.matMul(rows.transpose([1, 0, 2]).reshape([w, bigH * k])); // [W, H * K]
  return cols
    .reshape([bigW, bigH, k])
    .transpose([1, 0, 2])
    .reshape([bigH * bigW, k]) as tf.Tensor2D;
}

/**
 * The deep embedding Z [N, K]: the 1x1 head applied to [image, E1, up(E2), up(E3)] (451
 * channels with the SuperAE). Since bilinear upsampling is linear and commutes with a 1x1
 * convolution, E2 and E3 are projected to K channels first and upsampled after, which gives the
 * same Z with far fewer operations.
 */
export function deepEmbedding(
  params: DscParams,
  inputs: DscInputs,
  bnMode: DscObjectiveConfig['bnMode'],
  kernels: DscKernels = resolveKernels('auto'),
  chunkRows?: number,
): tf.Tensor2D {
  const { height, width } = inputs;
  const e1 = encoderStage(inputs.padded, params, 'e1', bnMode, kernels, chunkRows);
  const e2 = encoderStage(e1, params, 'e2', bnMode, kernels, chunkRows);
  const e3 = encoderStage(e2, params, 'e3', bnMode, kernels, chunkRows);
  const c1 = e1.shape[3];
  const c2 = e2.shape[3];
  const c3 = e3.shape[3];
  const head = need(params, HEAD_KERNEL) as tf.Tensor2D; // [3 + C1 + C2 + C3, K]
  const k = head.shape[1];
  if (kernels === 'wgsl' && inputs.upsampleTables) {
    // E2 and E3 projected by tfjs's matmuls, the rest in one WGSL program (headWgsl). Their
    // weight gradients, [C, K] over every pixel of E2 / E3, as chunked products: tfjs's split-K
    // kernel made them with atomics (profile:dsc on the H200, the like product for the head's E1
    // rows, [N, 64]ᵀ [N, 32]: 0.67 ms chunked against 3.70).
    const p2w = matMulChunkedGrad(e2.reshape([-1, c2]), head.slice([3 + c1, 0], [c2, k]), chunkRows);
    const p3w = matMulChunkedGrad(e3.reshape([-1, c3]), head.slice([3 + c1 + c2, 0], [c3, k]), chunkRows);
    return headWgsl(e1, head, p2w, p3w, need(params, HEAD_BIAS) as tf.Tensor1D, inputs.pixels, inputs.upsampleTables, {
      height,
      width,
      e2: [e2.shape[1], e2.shape[2]],
      e3: [e3.shape[1], e3.shape[2]],
    });
  }
  const [h0, h1, h2, h3] = tf.split(head, [3, c1, c2, c3], 0) as tf.Tensor2D[];
  const n = height * width;
  const e1crop = e1.slice([0, 0, 0, 0], [1, height, width, c1]).reshape([n, c1]) as tf.Tensor2D;
  const p2 = project(e2.reshape([-1, c2]) as tf.Tensor2D, h2, kernels, chunkRows).reshape([
    e2.shape[1],
    e2.shape[2],
    k,
  ]) as tf.Tensor3D;
  const p3 = project(e3.reshape([-1, c3]) as tf.Tensor2D, h3, kernels, chunkRows).reshape([
    e3.shape[1],
    e3.shape[2],
    k,
  ]) as tf.Tensor3D;
  return project(inputs.pixels, h0, kernels, chunkRows)
    .add(project(e1crop, h1, kernels, chunkRows))
    .add(upsample(p2, inputs.ry2, inputs.rx2))
    .add(upsample(p3, inputs.ry3, inputs.rx3))
    .add(need(params, HEAD_BIAS)) as tf.Tensor2D;
}

/** Z's variance guard in normalizeEmbedding (as a batch norm's epsilon). */
export const EMBEDDING_NORM_EPSILON = 1e-5;

/**
 * With 'batch', each channel of Z [N, K] standardised over the N pixels (biased variance, no
 * affine; gradients flow through the statistics, as in a batch norm in train mode); with
 * 'center', only its mean over the pixels taken away; with 'scale', centred and divided by
 * sqrt(mean over channels of the variance + eps), one factor for all K channels.
 */
export function normalizeEmbedding(
  z: tf.Tensor2D,
  mode: DscObjectiveConfig['embeddingNorm'] = 'none',
  kernels?: DscKernels,
): tf.Tensor2D {
  if (mode === 'none') return z;
  if (mode === 'batch' && kernels === 'wgsl')
    return batchNormReluWgsl(z, { affine: null, relu: false, epsilon: EMBEDDING_NORM_EPSILON });
  if (mode === 'center') return z.sub(meanOf(z, [0])) as tf.Tensor2D;
  const { mean, variance } = momentsOf(z, [0]);
  // 'scale' keeps the channels' relative spread (so 'center''s argmax) at a fixed overall size.
  if (mode === 'scale')
    return z.sub(mean).mul(variance.mean().add(EMBEDDING_NORM_EPSILON).rsqrt()) as tf.Tensor2D;
  return z.sub(mean).mul(variance.add(EMBEDDING_NORM_EPSILON).rsqrt()) as tf.Tensor2D;
}

/** Eq. 7's W as a constant: its value, with no gradient flowing back into F. */
const constantSimilarity = (sigma: number) =>
  tf.customGrad((...args) => {
    const [f, mask] = args as [tf.Tensor2D, tf.Tensor2D];
    return {
      value: similarityMatrix(f, mask, sigma),
      gradFunc: () => [tf.zerosLike(f), tf.zerosLike(mask)],
    };
  });

/**
 * The DSC loss of one image (Eq. 3 to 9) as a function of the parameters. The pseudo-labels Y
 * and the similarity W carry no gradient.
 */
export function dscObjective(
  params: DscParams,
  inputs: DscInputs,
  cfg: DscObjectiveConfig,
): DscObjectiveTerms {
  const { superpixel, m } = inputs;
  const kernels = cfg.kernels ?? resolveKernels('auto');
  const z = normalizeEmbedding(deepEmbedding(params, inputs, cfg.bnMode, kernels), cfg.embeddingNorm, kernels); // [N, K]
  const [n, k] = z.shape;
  const wgslInputs = wgslLossInputs(inputs, kernels, k);
  if (wgslInputs) {
    // Eq. 3 to 9 in three WGSL programs (dscLossWgsl), the same terms as below.
    return dscLossWgsl(z, wgslInputs, {
      sigma: cfg.sigma,
      alpha: cfg.alpha,
      beta: cfg.beta,
      cut: cfg.cut,
      epsilon: CUT_EPSILON,
    });
  }

  // Eq. 4: superpixel-wise pseudo-labels c* [M].
  const pseudoLabels = majorityVote(
    z,
    superpixel,
    m,
    kernels === 'matmul' ? inputs.assignment : undefined,
  );

  // Eq. 3: L_CE = -1/N sum_i log P_i,c*(i) = -1/N sum_j sum_k [c*_j = k] sum_{i in j} log P_ik.
  const logP = tf.logSoftmax(z); // [N, K]
  const logPPerSuperpixel = superpixelSum(logP, inputs, kernels, cfg.chunkRows); // [M, K]
  const y = tf.oneHot(pseudoLabels, k).toFloat(); // [M, K]
  const ce = logPPerSuperpixel.mul(y).sum().div(-n) as tf.Scalar;

  // Eq. 5: F_j = mean of Z over superpixel j, [M, K]; Eq. 6: A = softmax(F).
  const f = superpixelSum(z, inputs, kernels, cfg.chunkRows).mul(inputs.invSizes) as tf.Tensor2D;
  const a = tf.softmax(f); // [M, K]

  // Eq. 7: W [M, M], a constant within the iteration.
  const w = constantSimilarity(cfg.sigma)(f, inputs.mask) as tf.Tensor2D;

  // Eq. 8: assoc_k = sum_jl W_jl A_jk A_lk.
  const assoc = a.mul(w.matMul(a)).sum(0); // [K]
  let cut: tf.Scalar;
  if (cfg.cut === 'normalized') {
    const degree = w.sum(1, true); // [M, 1]
    const volume = a.mul(degree).sum(0); // [K]: sum_jl W_jl A_jk
    cut = tf.scalar(k).sub(assoc.div(volume.add(CUT_EPSILON)).sum());
  } else {
    // sum_jl W_jl sum_k A_jk (1 - A_lk) = sum W - sum_k assoc_k, as sum_k A_jk = 1.
    const total = w.sum();
    cut = total.sub(assoc.sum()).div(total) as tf.Scalar;
  }

  // Eq. 9.
  const total = ce.mul(cfg.alpha).add(cut.mul(cfg.beta)) as tf.Scalar;
  return { total, ce, cut, pseudoLabels };
}
