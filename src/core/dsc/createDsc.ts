import * as tf from '@tensorflow/tfjs';
import type { LabelMap } from '../image/LabelMap';
import type { RgbaImage } from '../image/RgbaImage';
import { resolveDscOptions, type DscOptions, type ResolvedDscOptions } from './DscOptions';
import { checkDscFits } from './dscMemory';
import {
  chunksOf,
  deepEmbedding,
  normalizeEmbedding,
  dscObjective,
  HEAD_BIAS,
  HEAD_KERNEL,
  resolveKernels,
  usesAssignment,
} from './dscObjective';
import {
  checkEncoderWeights,
  encoderWeightMap,
  encoderWeightNames,
  isTrainableWeight,
  type EncoderWeights,
} from './encoderWeights';
import { majorityVote } from './majorityVote';
import { prepareDscInputs } from './prepareDscInputs';
import { firstAppearanceOrder, pixelLabelsFromPseudo } from './pixelLabelsFromPseudo';
import { mergeSmallRegions } from './mergeSmallRegions';
import { splitConnectedComponents } from './splitConnectedComponents';
import { majorityVoteWgsl, wgslLossInputs } from './wgsl/dscLossWgsl';
import { momentumStepWgsl } from './wgsl/momentumStepWgsl';
import { ensureBindGroupCache } from './wgsl/bindGroupCache';

/** What one DSC iteration reports. */
export interface DscIteration {
  /** 0-based iteration index. */
  iteration: number;
  /** Eq. 3, Eq. 8 and Eq. 9, evaluated before this iteration's SGD step. */
  ce: number;
  cut: number;
  total: number;
  /**
   * The pixel-wise map of this iteration's superpixel-wise pseudo-labels c* (Eq. 4), optionally
   * split into connected components, renumbered 0..regionCount-1 in order of first appearance.
   */
  labels: Int32Array;
  regionCount: number;
  /** Wall time of the iteration (forward, backward, step, read-back), ms. */
  ms: number;
  /** With `profile`: wall times of the iteration's parts, each ended by a read-back, ms. */
  parts?: DscIterationParts;
}

/**
 * Where a profiled iteration spends its time, split as training/bench_dsc.py splits PyTorch's.
 * Each part ends by reading one value back, so the GPU has finished it.
 */
export interface DscIterationParts {
  /** The embedding Z (encoder and head), computed once more on its own, untaped. */
  forward: number;
  /** Eq. 4's majority vote on that Z. */
  pseudoLabels: number;
  /** The taped objective (forward included) and its gradients, less `forward` and `pseudoLabels`. */
  backward: number;
  /** The SGD-with-momentum update. */
  optimizer: number;
  /** Reading the loss terms and the pseudo-labels, and building the label map. */
  readback: number;
}

export interface DscRunOptions extends DscOptions {
  signal?: AbortSignal;
  /**
   * Times the parts of every iteration (see DscIterationParts) at the cost of an extra forward
   * pass and a wait for the device after each part. The iteration's numbers are unchanged.
   * @default false
   */
  profile?: boolean;
}

export interface Dsc {
  /** The options a run uses unless it overrides them. */
  readonly options: ResolvedDscOptions;
  /**
   * Segments one image: starts from a fresh copy of the pretrained encoder and a freshly
   * initialised head, and yields after every SGD iteration. Throws the signal's reason when
   * aborted; breaking out of the loop also stops it. Tensors of the run are freed either way.
   * One run at a time per Dsc.
   */
  run(
    image: RgbaImage,
    superpixels: LabelMap,
    options?: DscRunOptions,
  ): AsyncGenerator<DscIteration, void, void>;
  dispose(): void;
}

let instances = 0;
/** Variable names are global in tfjs: make each instance's distinct. */
const uniqueName = (name: string) => `dsc${instances}/${name}`;

function zeroVariable(shape: number[], trainable: boolean, name: string): tf.Variable {
  const zeros = tf.zeros(shape);
  const v = tf.variable(zeros, trainable, uniqueName(name));
  zeros.dispose(); // the variable holds its own reference to the data
  return v;
}

/**
 * Builds a DSC segmenter from the SuperAE encoder's weights (E1..E3; see encoderWeights.ts).
 * The weights are copied: the caller keeps ownership of `encoderWeights`.
 */
export async function createDsc(
  encoderWeights: EncoderWeights,
  options: DscOptions = {},
): Promise<Dsc> {
  const base = resolveDscOptions(options);
  const [c1, c2, c3] = await checkEncoderWeights(encoderWeights);
  const embeddingChannels = 3 + c1 + c2 + c3; // 451 for the SuperAE
  await tf.ready();
  instances++;

  const pretrained = new Map<string, tf.Tensor>();
  const params = new Map<string, tf.Variable>();
  for (const name of encoderWeightNames()) {
    const w = encoderWeightMap(encoderWeights).get(name)!;
    pretrained.set(name, tf.keep(w.clone()));
    params.set(name, tf.variable(w, isTrainableWeight(name), uniqueName(name)));
  }
  const velocity = new Map<string, tf.Variable>();
  let headK = 0;
  const ensureHead = (k: number) => {
    if (k === headK) return;
    for (const name of [HEAD_KERNEL, HEAD_BIAS]) {
      params.get(name)?.dispose();
      velocity.get(name)?.dispose();
    }
    const shapes: [string, number[]][] = [
      [HEAD_KERNEL, [embeddingChannels, k]],
      [HEAD_BIAS, [k]],
    ];
    for (const [name, shape] of shapes) params.set(name, zeroVariable(shape, true, name));
    headK = k;
    for (const [name, p] of params) {
      if (!p.trainable) continue;
      velocity.get(name)?.dispose();
      velocity.set(name, zeroVariable(p.shape, false, `${name}/velocity`));
    }
  };
  ensureHead(base.k);

  /** Fresh encoder copy, fresh head, zero momentum: every image starts from the same state. */
  const reset = (o: ResolvedDscOptions) => {
    ensureHead(o.k);
    tf.tidy(() => {
      for (const [name, w] of pretrained) params.get(name)!.assign(w);
      const bound = o.headGain / Math.sqrt(embeddingChannels);
      const kernel = params.get(HEAD_KERNEL)!;
      const bias = params.get(HEAD_BIAS)!;
      if (o.headInit === 'uniform') {
        kernel.assign(tf.randomUniform(kernel.shape, -bound, bound, 'float32', o.seed));
        bias.assign(tf.randomUniform(bias.shape, -bound, bound, 'float32', o.seed + 1));
      } else {
        kernel.assign(tf.randomNormal(kernel.shape, 0, bound, 'float32', o.seed));
        bias.assign(tf.zerosLike(bias));
      }
      for (const v of velocity.values()) v.assign(tf.zerosLike(v));
    });
  };

  const velocityOf = (p: tf.Variable) => {
    for (const [name, q] of params) if (q === p) return velocity.get(name)!;
    throw new Error(`DSC: no momentum buffer for ${p.name}`);
  };

  let running = false;
  let disposed = false;

  async function* run(
    image: RgbaImage,
    superpixels: LabelMap,
    runOptions: DscRunOptions = {},
  ): AsyncGenerator<DscIteration, void, void> {
    if (disposed) throw new Error('DSC: run() after dispose()');
    if (running) throw new Error('DSC: a run is already in progress on this instance');
    const { signal, profile, ...overrides } = runOptions;
    const o = resolveDscOptions({ ...base, ...overrides });
    signal?.throwIfAborted();
    const kernels = resolveKernels(o.kernels);
    checkDscFits(image.height, image.width, [c1, c2, c3]);
    // webgpu: the iteration's dispatches repeat, so their bind groups and uniforms are cached
    // (unless setBindGroupCache(false) said otherwise).
    ensureBindGroupCache();
    const inputs = prepareDscInputs(image, superpixels, o.r, {
      assignment: usesAssignment(kernels),
      wgsl: kernels === 'wgsl',
    });
    const order = firstAppearanceOrder(inputs.superpixelIds, inputs.m);
    running = true;
    try {
      reset(o);
      const trainable = [...params.values()].filter((p) => p.trainable);
      const lr = tf.scalar(o.learningRate);
      const mu = tf.scalar(o.momentum);
      const cfg = {
        sigma: o.sigma,
        alpha: o.alpha,
        beta: o.beta,
        cut: o.cut,
        bnMode: o.bnMode,
        embeddingNorm: o.embeddingNorm,
        kernels,
      };
      try {
        for (let iteration = 0; iteration < o.iterations; iteration++) {
          // On the cpu backend every await below resolves as a microtask: without a macrotask
          // turn, timers, messages and signal handlers (what aborts us) would never run.
          await new Promise((r) => setTimeout(r, 0));
          signal?.throwIfAborted();
          const t0 = performance.now();
          // The loss terms [ce, cut, total, pseudoLabels], or the one tensor that packs them, kept
          // past the step.
          const objective = () => {
            let terms: tf.Tensor[] = [];
            const { grads } = tf.variableGrads(() => {
              const t = dscObjective(params, inputs, cfg);
              // variableGrads frees what its function made; keep the reported terms.
              terms = (t.packed ? [t.packed] : [t.ce, t.cut, t.total, t.pseudoLabels]).map((x) => tf.keep(x));
              return t.total;
            }, trainable);
            return { terms, grads };
          };
          // SGD with momentum, PyTorch's convention: v = mu v + g; p -= lr v.
          const step = (grads: tf.NamedTensorMap) => {
            for (const p of trainable) {
              const g = grads[p.name];
              // No gradient: no path to the loss (the 'wgsl' set leaves the conv biases out of the
              // batch norm that cancels them). With g = 0 from the start, v stays 0 and p as it is.
              if (!g) continue;
              const v = velocityOf(p);
              if (kernels === 'wgsl') {
                const [vNext, pNext] = momentumStepWgsl(p, v, g, o.learningRate, o.momentum);
                v.assign(vNext);
                p.assign(pNext);
                continue;
              }
              v.assign(v.mul(mu).add(g));
              p.assign(p.sub(v.mul(lr)));
            }
          };
          let kept: tf.Tensor[];
          let parts: Omit<DscIterationParts, 'readback'> | undefined;
          if (profile) {
            ({ kept, parts } = await profiledStep(
              objective,
              step,
              () => normalizeEmbedding(deepEmbedding(params, inputs, cfg.bnMode, kernels), cfg.embeddingNorm, kernels),
              (z) => {
                // The vote as the loss computes it ('wgsl'), or with tfjs ops.
                const wgslInputs = wgslLossInputs(inputs, kernels, z.shape[1]);
                return wgslInputs
                  ? majorityVoteWgsl(z, wgslInputs)
                  : majorityVote(z, inputs.superpixel, inputs.m, inputs.assignment, chunksOf(kernels));
              },
              trainable,
            ));
          } else {
            kept = tf.tidy(() => {
              const { terms, grads } = objective();
              step(grads);
              return terms;
            });
          }
          const tRead = performance.now();
          // One read-back per iteration (each is a round trip to the GPU): [ce, cut, total, c*...].
          let packed: Float32Array;
          try {
            if (kept.length === 1) packed = (await kept[0].data()) as Float32Array;
            else {
              const all = tf.tidy(() => tf.concat([tf.stack(kept.slice(0, 3)), kept[3].toFloat()]));
              try {
                packed = (await all.data()) as Float32Array;
              } finally {
                all.dispose();
              }
            }
          } finally {
            for (const t of kept) t.dispose();
          }
          const [ce, cut, total] = packed;
          const pseudo = packed.subarray(3, 3 + inputs.m);
          if (!Number.isFinite(total)) {
            throw new Error(
              `DSC: the loss became ${total} at iteration ${iteration} (ce ${ce}, cut ${cut}); try a lower learningRate`,
            );
          }
          const pseudoCount = new Set(pseudo).size;
          let out: { labels: Int32Array; count: number };
          if (o.splitComponents) {
            const pixelLabels = new Int32Array(inputs.superpixelIds.length);
            for (let i = 0; i < pixelLabels.length; i++)
              pixelLabels[i] = pseudo[inputs.superpixelIds[i]];
            out = splitConnectedComponents(pixelLabels, inputs.width, inputs.height);
          } else out = pixelLabelsFromPseudo(inputs.superpixelIds, order, pseudo);
          if (o.minRegionFraction > 0) {
            out = mergeSmallRegions(out.labels, inputs.width, inputs.height, { minAreaFraction: o.minRegionFraction });
          }
          yield {
            iteration,
            ce,
            cut,
            total,
            labels: out.labels,
            regionCount: out.count,
            ms: performance.now() - t0,
            ...(parts && { parts: { ...parts, readback: performance.now() - tRead } }),
          };
          if (o.minLabels > 0 && pseudoCount <= o.minLabels) break;
        }
      } finally {
        lr.dispose();
        mu.dispose();
      }
    } finally {
      inputs.dispose();
      running = false;
    }
  }

  return {
    options: base,
    run,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const t of pretrained.values()) t.dispose();
      for (const v of params.values()) v.dispose();
      for (const v of velocity.values()) v.dispose();
    },
  };
}

/**
 * Waits until the device has computed every tensor in `ts` (one value of each is read back; on
 * a GPU the queue is in order, so all earlier work is done too).
 */
export async function settle(ts: tf.Tensor[]): Promise<void> {
  const probe = tf.tidy(() => tf.concat(ts.map((t) => t.reshape([-1]).slice(0, 1).toFloat())));
  try {
    await probe.data();
  } finally {
    probe.dispose();
  }
}

/**
 * One training step split into timed parts (see DscIterationParts). The extra untaped forward
 * pass changes no parameter, so the step itself is the same as the unprofiled one.
 */
async function profiledStep(
  objective: () => { terms: tf.Tensor[]; grads: tf.NamedTensorMap },
  step: (grads: tf.NamedTensorMap) => void,
  embed: () => tf.Tensor2D,
  vote: (z: tf.Tensor2D) => tf.Tensor1D,
  trainable: tf.Variable[],
): Promise<{ kept: tf.Tensor[]; parts: Omit<DscIterationParts, 'readback'> }> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const z = tf.tidy(embed);
  let forward: number;
  let pseudoLabels: number;
  try {
    await settle([z]);
    forward = lap();
    const labels = vote(z);
    await settle([labels]);
    pseudoLabels = lap();
    labels.dispose();
  } finally {
    z.dispose();
  }
  lap(); // the disposals are no part of the backward pass
  const { terms, grads } = tf.tidy(objective);
  try {
    // Gradients come from different kernels: wait for one value of each.
    await settle(Object.values(grads));
    const taped = lap();
    tf.tidy(() => step(grads));
    await settle(trainable);
    const optimizer = lap();
    return {
      kept: terms,
      parts: {
        forward,
        pseudoLabels,
        backward: Math.max(0, taped - forward - pseudoLabels),
        optimizer,
      },
    };
  } catch (e) {
    for (const x of terms) x.dispose();
    throw e;
  } finally {
    for (const g of Object.values(grads)) g.dispose();
  }
}
