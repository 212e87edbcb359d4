import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl, type WgslProgram } from './runWgsl';

/** Rows of x each workgroup of the partial-sum passes covers (4 lanes of 64 rows). */
const CHUNK_ROWS = 256;
/** Channels per workgroup of the partial-sum passes. */
const LANE_CHANNELS = 64;

export interface BatchNormReluWgslOptions {
  /** γ and β [C] (trainable); null for a normalisation without the affine step (γ 1, β 0). */
  affine: { gamma: tf.Tensor1D; beta: tf.Tensor1D } | null;
  /** Apply ReLU after the affine step. */
  relu: boolean;
  /** Added to the variance. */
  epsilon: number;
}

/**
 * Partial sums over chunks of CHUNK_ROWS rows of x [N, C], per channel: [G, 2C].
 * - 'stats': each chunk's mean and sum of squared deviations (M2), by Welford's update per
 *   thread and Chan's merge across the 4 row lanes (the two-pass values to rounding).
 * - 'grad': each chunk's Σ g and Σ g·x̂, with x̂ = (x − μ)·rstd and g = dy masked by ReLU.
 * One workgroup per (64 channels, chunk); the row lanes read 64 consecutive floats of a row.
 */
function partialsProgram(mode: 'stats' | 'grad', n: number, c: number, affine: boolean, relu: boolean): WgslProgram {
  const groups = Math.ceil(n / CHUNK_ROWS);
  const grad = mode === 'grad';
  const names = grad ? ['dy', 'x', 'stats', ...(affine ? ['gamma', 'beta'] : [])] : ['x'];
  const accumulate = grad
    ? `
          let xh = (x[i] - stats[col]) * stats[uniforms.c + col];
          var gv = dy[i];
          ${relu ? `if (${affine ? 'xh * gamma[col] + beta[col]' : 'xh'} <= 0.0) { gv = 0.0; }` : ''}
          a = a + gv;
          b = b + gv * xh;`
    : `
          let v = x[i];
          cnt = cnt + 1.0;
          let d = v - a;
          a = a + d / cnt;
          b = b + d * (v - a);`;
  const merge = grad
    ? `a = a + sA[o]; b = b + sB[o];`
    : `let nb = sN[o];
            if (nb > 0.0) {
              let nab = cnt + nb;
              let delta = sA[o] - a;
              a = a + delta * nb / nab;
              b = b + sB[o] + delta * delta * cnt * nb / nab;
              cnt = nab;
            }`;
  return {
    shaderKey: `dsc_bn_partials_${mode}_${affine}_${relu}`,
    outputShape: [groups, 2 * c],
    variableNames: names,
    workgroupSize: [LANE_CHANNELS, 4, 1],
    dispatch: [Math.ceil(c / LANE_CHANNELS), groups, 1],
    dispatchLayout: { x: [1], y: [0] },
    uniforms: 'n : i32, c : i32,',
    getUserCode: () => `
      var<workgroup> sA : array<f32, ${4 * LANE_CHANNELS}>;
      var<workgroup> sB : array<f32, ${4 * LANE_CHANNELS}>;
      var<workgroup> sN : array<f32, ${4 * LANE_CHANNELS}>;
      fn main() {
        let col = i32(workgroupId.x) * ${LANE_CHANNELS} + i32(localId.x);
        let lane = i32(localId.y);
        let chunk = i32(workgroupId.y);
        let r0 = chunk * ${CHUNK_ROWS};
        let r1 = min(r0 + ${CHUNK_ROWS}, uniforms.n);
        var a = 0.0;
        var b = 0.0;
        var cnt = 0.0;
        if (col < uniforms.c) {
          for (var r = r0 + lane; r < r1; r = r + 4) {
            let i = r * uniforms.c + col;
            ${accumulate}
          }
        }
        let s = i32(localIndex);
        sA[s] = a;
        sB[s] = b;
        sN[s] = cnt;
        workgroupBarrier();
        if (lane == 0 && col < uniforms.c) {
          for (var l = 1; l < 4; l = l + 1) {
            let o = l * ${LANE_CHANNELS} + i32(localId.x);
            ${merge}
          }
          result[chunk * 2 * uniforms.c + col] = a;
          result[chunk * 2 * uniforms.c + uniforms.c + col] = b;
        }
      }`,
  };
}

/**
 * The partials [G, 2C] merged per channel: [2, C]. 'stats': mean and rstd = 1/√(M2/N + ε)
 * (Chan's merge); 'grad': Σ g and Σ g·x̂. One workgroup of 64 threads per channel, a tree
 * merge in shared memory.
 */
function finalizeProgram(mode: 'stats' | 'grad', c: number): WgslProgram {
  const merge = (o: string) =>
    mode === 'grad'
      ? `a = a + sA[${o}]; b = b + sB[${o}];`
      : `let nb = sN[${o}];
          if (nb > 0.0) {
            let nab = cnt + nb;
            let delta = sA[${o}] - a;
            a = a + delta * nb / nab;
            b = b + sB[${o}] + delta * delta * cnt * nb / nab;
            cnt = nab;
          }`;
  const load =
    mode === 'grad'
      ? `a = a + partial[g * 2 * uniforms.c + ch]; b = b + partial[g * 2 * uniforms.c + uniforms.c + ch];`
      : `let nb = f32(min(${CHUNK_ROWS}, uniforms.n - g * ${CHUNK_ROWS}));
          let nab = cnt + nb;
          let delta = partial[g * 2 * uniforms.c + ch] - a;
          a = a + delta * nb / nab;
          b = b + partial[g * 2 * uniforms.c + uniforms.c + ch] + delta * delta * cnt * nb / nab;
          cnt = nab;`;
  return {
    shaderKey: `dsc_bn_finalize_${mode}`,
    outputShape: [2, c],
    variableNames: ['partial'],
    workgroupSize: [64, 1, 1],
    dispatch: [c, 1, 1],
    dispatchLayout: { x: [1], y: [0] },
    uniforms: 'n : i32, c : i32, groups : i32, eps : f32,',
    getUserCode: () => `
      var<workgroup> sA : array<f32, 64>;
      var<workgroup> sB : array<f32, 64>;
      var<workgroup> sN : array<f32, 64>;
      fn main() {
        let ch = i32(workgroupId.x);
        let t = i32(localId.x);
        var a = 0.0;
        var b = 0.0;
        var cnt = 0.0;
        for (var g = t; g < uniforms.groups; g = g + 64) {
          ${load}
        }
        sA[t] = a;
        sB[t] = b;
        sN[t] = cnt;
        workgroupBarrier();
        for (var hw = 32; hw > 0; hw = hw / 2) {
          if (t < hw) {
            ${merge('t + hw')}
            sA[t] = a;
            sB[t] = b;
            sN[t] = cnt;
          }
          workgroupBarrier();
        }
        if (t == 0) {
          result[ch] = a;
          result[uniforms.c + ch] = ${mode === 'grad' ? 'b' : 'inverseSqrt(b / f32(uniforms.n) + uniforms.eps)'};
        }
      }`,
  };
}

const sizes = (n: number, c: number, groups: number, eps: number) => [
  { type: 'int32' as const, data: [n] },
  { type: 'int32' as const, data: [c] },
  { type: 'int32' as const, data: [groups] },
  { type: 'float32' as const, data: [eps] },
];

/** Per-channel [2, C]: mean and rstd of x (stats), or Σ g and Σ g·x̂ (grad). */
function channelSums(
  mode: 'stats' | 'grad',
  inputs: tf.Tensor[],
  n: number,
  c: number,
  eps: number,
  affine: boolean,
  relu: boolean,
): tf.Tensor2D {
  const groups = Math.ceil(n / CHUNK_ROWS);
  const partial = runWgsl(partialsProgram(mode, n, c, affine, relu), inputs, sizes(n, c, groups, eps).slice(0, 2));
  const out = runWgsl(finalizeProgram(mode, c), [partial], sizes(n, c, groups, eps));
  partial.dispose();
  return out as tf.Tensor2D;
}

/**
 * Batch normalisation with the batch's statistics (biased variance, PyTorch's train mode), the
 * affine step and ReLU, on rows x [N, C] (N pixels): relu(γ·(x − μ)·rstd + β), rstd = 1/√(σ² + ε),
 * as WGSL programs (webgpu only): forward in 3 dispatches (partial statistics, their merge, the
 * elementwise step), backward in 3 more (partial sums of g and g·x̂, their merge, then
 *   dx = γ·rstd·(g − Σg/N − x̂·Σ(g·x̂)/N),  dγ = Σ g·x̂,  dβ = Σ g,
 * g being dy with ReLU's mask). The same values as tfjs's ops to rounding; tfjs's own batch norm
 * with batch statistics took about 49 dispatches per encoder stage (docs/performance.md). A
 * convolution bias before it is left out: the batch mean cancels it exactly, so it has no
 * gradient (createDsc's step leaves a parameter without one as it is).
 */
export function batchNormReluWgsl(x: tf.Tensor2D, options: BatchNormReluWgslOptions): tf.Tensor2D {
  const { affine, relu, epsilon } = options;
  const [n, c] = x.shape;
  const hasAffine = affine !== null;
  const op = tf.customGrad((...args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const input = args[0] as tf.Tensor2D;
    const gb = hasAffine ? (args.slice(1, 3) as tf.Tensor1D[]) : [];
    const stats = channelSums('stats', [input], n, c, epsilon, hasAffine, relu);
    const applyNames = ['x', 'stats', ...(hasAffine ? ['gamma', 'beta'] : [])];
    const affineExpr = hasAffine ? 'v = v * gamma[ch] + beta[ch];' : '';
    const value = runWgsl(
      flatProgram(
        `dsc_bn_apply_${hasAffine}_${relu}`,
        [n, c],
        applyNames,
        `
          let ch = index % uniforms.c;
          var v = (x[index] - stats[ch]) * stats[uniforms.c + ch];
          ${affineExpr}
          ${relu ? 'v = max(v, 0.0);' : ''}
          setOutputAtIndex(index, v);`,
        'c : i32,',
      ),
      [input, stats, ...gb],
      [{ type: 'int32', data: [c] }],
    ) as tf.Tensor2D;
    save([input, stats, ...gb]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, st, ...ab] = saved;
        const d = dy as tf.Tensor2D;
        const sums = channelSums('grad', [d, xs, st, ...ab], n, c, epsilon, hasAffine, relu);
        const mask = relu ? `if (${hasAffine ? 'xh * gamma[ch] + beta[ch]' : 'xh'} <= 0.0) { gv = 0.0; }` : '';
        const dx = runWgsl(
          flatProgram(
            `dsc_bn_dx_${hasAffine}_${relu}`,
            [n, c],
            ['dy', 'x', 'stats', 'sums', ...(hasAffine ? ['gamma', 'beta'] : [])],
            `
          let ch = index % uniforms.c;
          let rs = stats[uniforms.c + ch];
          let xh = (x[index] - stats[ch]) * rs;
          var gv = dy[index];
          ${mask}
          let inv = 1.0 / f32(uniforms.n);
          var v = (gv - sums[ch] * inv - xh * sums[uniforms.c + ch] * inv) * rs;
          ${hasAffine ? 'v = v * gamma[ch];' : ''}
          setOutputAtIndex(index, v);`,
            'n : i32, c : i32,',
          ),
          [d, xs, st, sums, ...ab],
          [
            { type: 'int32', data: [n] },
            { type: 'int32', data: [c] },
          ],
        );
        const grads: tf.Tensor[] = [dx];
        if (hasAffine) {
          const [dBeta, dGamma] = tf.split(sums.reshape([2 * c]), 2);
          grads.push(dGamma, dBeta);
        }
        return grads;
      },
    };
  });
  const inputs: tf.Tensor[] = [x, ...(affine ? [affine.gamma, affine.beta] : [])];
  return op(...inputs) as tf.Tensor2D;
}
