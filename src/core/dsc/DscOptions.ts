/** The normalisations of Z that DscOptions.embeddingNorm accepts. */
export const EMBEDDING_NORMS = ['none', 'center', 'batch', 'scale'] as const;
export type EmbeddingNorm = (typeof EMBEDDING_NORMS)[number];
/** The kernel sets of DscOptions.kernels, 'auto' first. */
export const DSC_KERNELS = ['auto', 'stock', 'gather', 'matmul', 'chunked', 'fused', 'polyphase', 'wgsl'] as const;

/**
 * The configuration of Deep Superpixel Cut (Stage 2). Values the paper gives are its defaults;
 * values it leaves open are options with a documented default (see docs/method.md), to be tuned
 * on the BSDS500 val split.
 */
export interface DscOptions {
  /** Number of partitions K, the head's output channels (an upper bound on the regions). @default 32 */
  k?: number;
  /** SGD iterations per image. @default 128 */
  iterations?: number;
  /** SGD learning rate. @default 0.05 */
  learningRate?: number;
  /** SGD momentum (PyTorch convention: v = mu v + g; p -= lr v). @default 0.9 */
  momentum?: number;
  /** Eq. 7: W_jl = exp(-||F_j - F_l||^2 / sigma). @default 10 */
  sigma?: number;
  /**
   * Eq. 7: superpixels whose centres are `r` or more pixels apart (at working resolution) get
   * W_jl = 0. Not given in the paper; r = 40 (at 120 px) tied with Infinity on val
   * (docs/results.md). @default Infinity (every pair is connected)
   */
  r?: number;
  /** Eq. 9: weight of the cross-entropy term. @default 1 */
  alpha?: number;
  /** Eq. 9: weight of the cut term. Not given in the paper; 1 beat 0 on val (docs/results.md). @default 1 */
  beta?: number;
  /**
   * Eq. 8: 'normalized' (soft normalised cut, K - sum_k assoc_k / degree_k) or 'plain'
   * (sum_jl W_jl sum_k A_jk (1 - A_lk) / sum_jl W_jl). @default 'normalized'
   */
  cut?: 'normalized' | 'plain';
  /**
   * Initialisation of the 1x1 head [C, K]: 'uniform' is PyTorch's Conv2d default
   * (kernel and bias U(-g/sqrt(C), g/sqrt(C))), 'normal' draws the kernel from N(0, (g/sqrt(C))^2)
   * with zero bias, g = headGain. @default 'uniform'
   */
  headInit?: 'uniform' | 'normal';
  /** Scale g of the head initialisation. @default 1 */
  headGain?: number;
  /**
   * Normalisation of the embedding Z before Eq. 3 to 8: 'none' uses the head's output as it is;
   * 'center' subtracts each channel's mean over the image's pixels; 'batch' standardises each of
   * the K channels over the image's pixels (zero mean, unit variance, no affine; a channel that
   * barely varies has its noise scaled up), as the batch norm after the last convolution of Kanezaki's
   * unsupervised segmentation, which DSC builds on. Without it, Z's channels inherit the common
   * offset of the (post-ReLU, positive) features, so the first argmax picks few labels for the
   * whole image and most superpixels merge at once. 'scale' centres each channel and divides
   * all of them by one common factor (the root of their mean variance): the argmax is that of
   * 'center', the overall scale that of 'batch'. Chosen on the val split ('batch' against
   * 'none': SC 0.418 against 0.347, PRI 0.603 against 0.458; 'center' 0.387, 0.551; 'scale'
   * 0.393, 0.564; docs/results.md). @default 'batch'
   */
  embeddingNorm?: EmbeddingNorm;
  /**
   * Batch norm during fine-tuning: 'batch' normalises with the statistics of the current image
   * (PyTorch's train mode), 'moving' with the pretrained moving statistics (eval mode).
   * @default 'batch'
   */
  bnMode?: 'batch' | 'moving';
  /**
   * Split each output label into its 8-connected components before it is reported. Training is
   * unaffected (the pseudo-labels stay superpixel-wise). @default false
   */
  splitComponents?: boolean;
  /**
   * After the split (or on the clusters, without it), regions smaller than this fraction of the
   * image join the neighbour they share the longest boundary with (`mergeSmallRegions`). Also
   * report-only, like the split. @default 0
   */
  minRegionFraction?: number;
  /**
   * Stop early once the pseudo-labels hold this many distinct labels or fewer (the Kanezaki
   * method's `minLabels`). 0 never stops early. @default 0
   */
  minLabels?: number;
  /** Seed of the head initialisation; equal seeds give identical runs. @default 0 */
  seed?: number;
  /**
   * Which kernels compute the convolutions and the superpixel sums (same numbers, different
   * speed; see docs/performance.md): 'stock' uses tfjs's own (Conv2D and its gradients,
   * UnsortedSegmentSum); 'gather' the cpu backend's fast set (im2col as a row gather + matmul,
   * segment sums in plain JS); 'matmul' a GPU set (filter gradients as im2col + matmul,
   * segment sums as a one-hot matrix product, with tfjs's matmul kernels); 'chunked' the same
   * products split into row chunks and batched (no atomics; see chunkedMatMulTA), the head's
   * weight gradients too; 'fused' is 'matmul' with batch norm (batch statistics) in closed form,
   * its per-channel sums as ones-vector products instead of tfjs reductions (not yet measured on
   * a GPU); 'polyphase' the wasm backend's set (only Conv2D and untransposed MatMul, which
   * XNNPACK runs fast: conv gradients as stride-1 convolutions and per-tap products, segment sums
   * in plain JS); 'wgsl' (webgpu only) WGSL programs of our own for im2col, batch norm + ReLU,
   * the fused head, the loss (Eq. 3 to 9) and the SGD step, with tfjs's convolutions and matmuls
   * (93 dispatches per 321x481 iteration against 428 for 'matmul'); 'auto' is 'gather' on cpu,
   * 'polyphase' on wasm, 'wgsl' on webgpu and 'matmul' elsewhere (the fastest measured on each,
   * see docs/performance.md).
   * @default 'auto'
   */
  kernels?: (typeof DSC_KERNELS)[number];
}

export type ResolvedDscOptions = Required<DscOptions>;

export const DSC_DEFAULTS: ResolvedDscOptions = {
  k: 32,
  iterations: 128,
  learningRate: 0.05,
  momentum: 0.9,
  sigma: 10,
  r: Infinity,
  alpha: 1,
  beta: 1,
  cut: 'normalized',
  headInit: 'uniform',
  headGain: 1,
  embeddingNorm: 'batch',
  bnMode: 'batch',
  splitComponents: false,
  minRegionFraction: 0,
  minLabels: 0,
  seed: 0,
  kernels: 'auto',
};

const MAX_K = 1024;
const MAX_ITERATIONS = 100_000;

/** Fills defaults and checks every field; throws a RangeError naming the offending field. */
export function resolveDscOptions(options: DscOptions = {}): ResolvedDscOptions {
  const o: ResolvedDscOptions = { ...DSC_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in DSC_DEFAULTS)) throw new RangeError(`DscOptions: unknown field '${key}'`);
    if (value !== undefined) (o as Record<string, unknown>)[key] = value;
  }
  const fail = (field: string, want: string, got: unknown): never => {
    throw new RangeError(`DscOptions.${field} must be ${want}, got ${String(got)}`);
  };
  const int = (field: keyof ResolvedDscOptions, min: number, max: number) => {
    const v = o[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      fail(field, `an integer from ${min} to ${max}`, v);
  };
  const positive = (field: keyof ResolvedDscOptions, allowInfinity = false) => {
    const v = o[field];
    if (
      typeof v !== 'number' ||
      Number.isNaN(v) ||
      v <= 0 ||
      (!allowInfinity && !Number.isFinite(v))
    )
      fail(field, allowInfinity ? 'a positive number or Infinity' : 'a finite positive number', v);
  };
  const nonNegative = (field: keyof ResolvedDscOptions) => {
    const v = o[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail(field, 'a finite number >= 0', v);
  };
  const oneOf = (field: keyof ResolvedDscOptions, values: readonly unknown[]) => {
    if (!values.includes(o[field])) fail(field, `one of ${values.join(', ')}`, o[field]);
  };

  int('k', 2, MAX_K);
  int('iterations', 1, MAX_ITERATIONS);
  positive('learningRate');
  nonNegative('momentum');
  if (o.momentum >= 1) fail('momentum', 'below 1', o.momentum);
  positive('sigma');
  positive('r', true);
  nonNegative('alpha');
  nonNegative('beta');
  if (o.alpha === 0 && o.beta === 0)
    fail('alpha', 'positive when beta is 0 (the loss would be 0)', o.alpha);
  oneOf('cut', ['normalized', 'plain']);
  oneOf('headInit', ['uniform', 'normal']);
  positive('headGain');
  oneOf('bnMode', ['batch', 'moving']);
  oneOf('embeddingNorm', EMBEDDING_NORMS);
  if (typeof o.splitComponents !== 'boolean')
    fail('splitComponents', 'a boolean', o.splitComponents);
  nonNegative('minRegionFraction');
  if (o.minRegionFraction >= 1) fail('minRegionFraction', 'below 1 (a fraction of the image)', o.minRegionFraction);
  int('minLabels', 0, MAX_K);
  int('seed', 0, 2 ** 31 - 1);
  oneOf('kernels', DSC_KERNELS);
  return o;
}
