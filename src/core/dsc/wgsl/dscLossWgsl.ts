import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl, treeSum64, type WgslProgram } from './runWgsl';

/** Largest K the WGSL loss handles (per-thread arrays of K floats); above it, tfjs ops. */
export const WGSL_LOSS_MAX_K = 64;

/** What dscLossWgsl needs of the per-image inputs (see prepareDscInputs). */
export interface DscLossWgslInputs {
  /** Pixel indices grouped by superpixel, int32 [N], superpixel j at members[offsets[j]..offsets[j+1]). */
  readonly members: tf.Tensor1D;
  /** int32 [M + 1]. */
  readonly offsets: tf.Tensor1D;
  /** Superpixel id of each pixel, int32 [N]. */
  readonly superpixel: tf.Tensor1D;
  /** Eq. 7's locality mask [M, M]. */
  readonly mask: tf.Tensor2D;
  readonly m: number;
}

/**
 * The per-image inputs as dscLossWgsl needs them, or null where it does not apply: another
 * kernel set, no pixels grouped by superpixel (prepareDscInputs without `wgsl`), or K above
 * WGSL_LOSS_MAX_K. Then the loss is computed with tfjs ops.
 */
export function wgslLossInputs(
  inputs: Omit<DscLossWgslInputs, 'members' | 'offsets'> & { members?: tf.Tensor1D; offsets?: tf.Tensor1D },
  kernels: string,
  k: number,
): DscLossWgslInputs | null {
  const { members, offsets } = inputs;
  if (kernels !== 'wgsl' || !members || !offsets || k > WGSL_LOSS_MAX_K) return null;
  return { ...inputs, members, offsets };
}

export interface DscLossWgslConfig {
  sigma: number;
  alpha: number;
  beta: number;
  cut: 'normalized' | 'plain';
  /** Keeps the normalised cut's denominators away from 0 (dscObjective's CUT_EPSILON). */
  epsilon: number;
}

/**
 * Per superpixel j (one workgroup of 64 threads each), from Z [N, K]: row j of [M, K + 2] =
 * F_j (Eq. 5, the mean of Z over j), c*_j (Eq. 4, the label most of j's pixels take, ties to the
 * lowest; as a float) and Σ_{i in j} log softmax(Z_i)[c*_j] (Eq. 3's sum over j).
 */
function superpixelProgram(m: number, k: number): WgslProgram {
  return {
    shaderKey: `dsc_loss_superpixel_${k}`,
    outputShape: [m, k + 2],
    variableNames: ['z', 'members', 'offsets'],
    workgroupSize: [64, 1, 1],
    dispatch: [m, 1, 1],
    dispatchLayout: { x: [1], y: [0] },
    getUserCode: () => `
      var<workgroup> bins : array<atomic<u32>, ${k}>;
      var<workgroup> sh : array<f32, 64>;
      var<workgroup> label : i32;
      fn main() {
        let j = i32(workgroupId.x);
        let t = i32(localId.x);
        let p0 = offsets[j];
        let p1 = offsets[j + 1];
        for (var q = t; q < ${k}; q = q + 64) { atomicStore(&bins[q], 0u); }
        workgroupBarrier();
        var acc : array<f32, ${k}>;
        for (var q = 0; q < ${k}; q = q + 1) { acc[q] = 0.0; }
        for (var p = p0 + t; p < p1; p = p + 64) {
          let row = members[p] * ${k};
          var best = 0;
          var bestValue = z[row];
          for (var q = 0; q < ${k}; q = q + 1) {
            let v = z[row + q];
            acc[q] = acc[q] + v;
            if (v > bestValue) { bestValue = v; best = q; }
          }
          atomicAdd(&bins[best], 1u);
        }
        workgroupBarrier();
        if (t == 0) {
          var bestCount = atomicLoad(&bins[0]);
          var bestLabel = 0;
          for (var q = 1; q < ${k}; q = q + 1) {
            let cq = atomicLoad(&bins[q]);
            if (cq > bestCount) { bestCount = cq; bestLabel = q; }
          }
          label = bestLabel;
        }
        let count = f32(p1 - p0);
        // The row stride, K + 2, read from the uniforms: a program must use its uniform binding.
        let stride = uniforms.outShape[1];
        for (var q = 0; q < ${k}; q = q + 1) {
          sh[t] = acc[q];
          workgroupBarrier();
          ${treeSum64()}
          if (t == 0) { result[j * stride + q] = sh[0] / count; }
          workgroupBarrier();
        }
        // Eq. 3 over this superpixel: log P_i,c* = z_ic* - logsumexp(z_i).
        let c = label;
        var ce = 0.0;
        for (var p = p0 + t; p < p1; p = p + 64) {
          let row = members[p] * ${k};
          var mx = z[row];
          for (var q = 1; q < ${k}; q = q + 1) { mx = max(mx, z[row + q]); }
          var se = 0.0;
          for (var q = 0; q < ${k}; q = q + 1) { se = se + exp(z[row + q] - mx); }
          ce = ce + z[row + c] - mx - log(se);
        }
        sh[t] = ce;
        workgroupBarrier();
          ${treeSum64()}
        if (t == 0) {
          result[j * stride + ${k}] = f32(c);
          result[j * stride + ${k + 1}] = sh[0];
        }
      }`,
  };
}

/** Eq. 4's pseudo-labels c* [M] alone (int32), by the loss's per-superpixel program. */
export function majorityVoteWgsl(z: tf.Tensor2D, inputs: Pick<DscLossWgslInputs, 'members' | 'offsets' | 'm'>): tf.Tensor1D {
  return tf.tidy(() => {
    const k = z.shape[1];
    if (k > WGSL_LOSS_MAX_K) throw new RangeError(`majorityVoteWgsl: K = ${k} is above ${WGSL_LOSS_MAX_K}`);
    const sp = runWgsl(superpixelProgram(inputs.m, k), [z, inputs.members, inputs.offsets]);
    return sp.slice([0, k], [inputs.m, 1]).reshape([inputs.m]).toInt() as tf.Tensor1D;
  });
}

/**
 * One workgroup: from sp = superpixelProgram's [M, K + 2] and the mask, Eq. 6 to 9 and the cut's
 * gradient with respect to F. Output [3 + M + M K + 2 M K + M + 2 K]:
 * [CE, cut, total, c*_0..c*_{M-1}, dF (M x K), then scratch: A, W A, degrees, assoc, volumes].
 * W (Eq. 7) is a constant of the iteration, as in dscObjective: no gradient flows through it.
 */
function cutProgram(m: number, k: number, cut: 'normalized' | 'plain'): WgslProgram {
  const dF = 3 + m; // offsets into the output
  const A = dF + m * k;
  const WA = A + m * k;
  const D = WA + m * k;
  const AS = D + m;
  const VOL = AS + k;
  const size = VOL + k;
  const sync = 'storageBarrier(); workgroupBarrier();';
  return {
    // M is baked into the offsets: one pipeline per superpixel count.
    shaderKey: `dsc_loss_cut_${k}_${m}_${cut}`,
    outputShape: [size],
    variableNames: ['sp', 'mask'],
    workgroupSize: [256, 1, 1],
    dispatch: [1, 1, 1],
    dispatchLayout: { x: [0] },
    uniforms: 'n : i32, sigma : f32, alpha : f32, beta : f32, eps : f32,',
    getUserCode: () => `
      var<workgroup> total : f32;
      // A flat layout: tfjs passes the global index, which one workgroup does not need.
      fn main(index : i32) {
        let t = i32(localId.x);
        let M = ${m};
        let A0 = ${A};
        // Eq. 6: A = softmax(F), rows j.
        for (var j = t; j < M; j = j + 256) {
          var mx = sp[j * ${k + 2}];
          for (var q = 1; q < ${k}; q = q + 1) { mx = max(mx, sp[j * ${k + 2} + q]); }
          var se = 0.0;
          for (var q = 0; q < ${k}; q = q + 1) { se = se + exp(sp[j * ${k + 2} + q] - mx); }
          for (var q = 0; q < ${k}; q = q + 1) { result[A0 + j * ${k} + q] = exp(sp[j * ${k + 2} + q] - mx) / se; }
          result[3 + j] = sp[j * ${k + 2} + ${k}];
        }
        ${sync}
        // Eq. 7 on the fly: W_jl = exp(-||F_j - F_l||^2 / sigma) mask_jl; degrees and W A.
        for (var j = t; j < M; j = j + 256) {
          var wa : array<f32, ${k}>;
          for (var q = 0; q < ${k}; q = q + 1) { wa[q] = 0.0; }
          var deg = 0.0;
          for (var l = 0; l < M; l = l + 1) {
            let mk = mask[j * M + l];
            if (mk != 0.0) {
              var d2 = 0.0;
              for (var q = 0; q < ${k}; q = q + 1) {
                let d = sp[j * ${k + 2} + q] - sp[l * ${k + 2} + q];
                d2 = d2 + d * d;
              }
              let w = exp(-d2 / uniforms.sigma) * mk;
              deg = deg + w;
              for (var q = 0; q < ${k}; q = q + 1) { wa[q] = wa[q] + w * result[A0 + l * ${k} + q]; }
            }
          }
          result[${D} + j] = deg;
          for (var q = 0; q < ${k}; q = q + 1) { result[${WA} + j * ${k} + q] = wa[q]; }
        }
        ${sync}
        // Eq. 8: assoc_k = sum_j A_jk (W A)_jk, vol_k = sum_j d_j A_jk.
        for (var q = t; q < ${k}; q = q + 256) {
          var asc = 0.0;
          var vol = 0.0;
          for (var j = 0; j < M; j = j + 1) {
            let a = result[A0 + j * ${k} + q];
            asc = asc + a * result[${WA} + j * ${k} + q];
            vol = vol + result[${D} + j] * a;
          }
          result[${AS} + q] = asc;
          result[${VOL} + q] = vol;
        }
        if (t == 0) {
          var s = 0.0;
          for (var j = 0; j < M; j = j + 1) { s = s + result[${D} + j]; }
          total = s;
        }
        ${sync}
        if (t == 0) {
          var ce = 0.0;
          for (var j = 0; j < M; j = j + 1) { ce = ce + sp[j * ${k + 2} + ${k + 1}]; }
          ce = -ce / f32(uniforms.n);
          var cutValue = 0.0;
          ${
            cut === 'normalized'
              ? `cutValue = f32(${k});
          for (var q = 0; q < ${k}; q = q + 1) { cutValue = cutValue - result[${AS} + q] / (result[${VOL} + q] + uniforms.eps); }`
              : `var asc = 0.0;
          for (var q = 0; q < ${k}; q = q + 1) { asc = asc + result[${AS} + q]; }
          cutValue = (total - asc) / total;`
          }
          result[0] = ce;
          result[1] = cutValue;
          result[2] = ce * uniforms.alpha + cutValue * uniforms.beta;
        }
        // d cut / d A, then through the softmax: dF_jk = A_jk (dA_jk - sum_q A_jq dA_jq).
        for (var j = t; j < M; j = j + 256) {
          var da : array<f32, ${k}>;
          var dot = 0.0;
          for (var q = 0; q < ${k}; q = q + 1) {
            let wa = result[${WA} + j * ${k} + q];
            ${
              cut === 'normalized'
                ? `let v = result[${VOL} + q] + uniforms.eps;
            da[q] = -(2.0 * wa / v - result[${AS} + q] * result[${D} + j] / (v * v));`
                : `da[q] = -2.0 * wa / total;`
            }
            dot = dot + result[A0 + j * ${k} + q] * da[q];
          }
          for (var q = 0; q < ${k}; q = q + 1) {
            result[${dF} + j * ${k} + q] = result[A0 + j * ${k} + q] * (da[q] - dot);
          }
        }
      }`,
  };
}

/**
 * The DSC loss of one image from its embedding Z [N, K] (K <= WGSL_LOSS_MAX_K), Eq. 3 to 9, as two
 * WGSL programs forward (per superpixel: F, the vote, the CE sums; then the cut and its gradient
 * with respect to F) and one backward:
 *   dZ_i = α (softmax(Z_i) − onehot(c*_{s(i)})) / N + β dF_{s(i)} / |s(i)|.
 * The same numbers as dscObjective's tfjs ops to rounding, in 5 dispatches (with the total's
 * slice and its gradient's pad) instead of about 100.
 * Returns the total (differentiable in Z) and, without gradients, CE, the cut and c* (int32 [M]),
 * and `packed`, whose first 3 + M entries are [CE, cut, total, c*] (as floats).
 */
export function dscLossWgsl(
  z: tf.Tensor2D,
  inputs: DscLossWgslInputs,
  cfg: DscLossWgslConfig,
): { total: tf.Scalar; ce: tf.Scalar; cut: tf.Scalar; pseudoLabels: tf.Tensor1D; packed: tf.Tensor1D } {
  const [n, k] = z.shape;
  const { m } = inputs;
  if (k > WGSL_LOSS_MAX_K) throw new RangeError(`dscLossWgsl: K = ${k} is above ${WGSL_LOSS_MAX_K}`);
  // The op's value is the whole output vector; total is its entry 2, so dy[2] carries the
  // gradient (a customGrad returns one tensor, and the other entries are reported too).
  const op = tf.customGrad((...args) => {
    const [zs, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const sp = runWgsl(superpixelProgram(m, k), [zs, inputs.members, inputs.offsets]);
    const out = runWgsl(cutProgram(m, k, cfg.cut), [sp, inputs.mask], [
      { type: 'int32', data: [n] },
      { type: 'float32', data: [cfg.sigma] },
      { type: 'float32', data: [cfg.alpha] },
      { type: 'float32', data: [cfg.beta] },
      { type: 'float32', data: [cfg.epsilon] },
    ]) as tf.Tensor1D;
    sp.dispose();
    save([zs, out]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [zz, o] = saved;
        const program = flatProgram(
          `dsc_loss_dz_${k}_${m}`,
          [n, k],
          ['z', 'o', 'superpixel', 'offsets', 'dy'],
          `
          let i = index / ${k};
          let q = index - i * ${k};
          let row = i * ${k};
          var mx = z[row];
          for (var r = 1; r < ${k}; r = r + 1) { mx = max(mx, z[row + r]); }
          var se = 0.0;
          for (var r = 0; r < ${k}; r = r + 1) { se = se + exp(z[row + r] - mx); }
          let j = superpixel[i];
          var g = exp(z[index] - mx) / se;
          if (i32(o[3 + j]) == q) { g = g - 1.0; }
          let size = f32(offsets[j + 1] - offsets[j]);
          let grad = uniforms.alpha * g / f32(uniforms.n) + uniforms.beta * o[${3 + m} + j * ${k} + q] / size;
          setOutputAtIndex(index, grad * dy[2]);`,
          'n : i32, alpha : f32, beta : f32,',
        );
        return runWgsl(program, [zz, o, inputs.superpixel, inputs.offsets, dy as tf.Tensor], [
          { type: 'int32', data: [n] },
          { type: 'float32', data: [cfg.alpha] },
          { type: 'float32', data: [cfg.beta] },
        ]).reshape([n, k]);
      },
    };
  });
  const o = op(z) as tf.Tensor1D;
  // CE, the cut and c* are views of o made on first use: a caller that reads `packed` (createDsc,
  // once per iteration) dispatches none of them. They belong to the scope they are first read in.
  let ce: tf.Scalar | undefined;
  let cut: tf.Scalar | undefined;
  let pseudoLabels: tf.Tensor1D | undefined;
  return {
    total: o.slice(2, 1).reshape([]) as tf.Scalar,
    packed: o,
    get ce() {
      return (ce ??= o.slice(0, 1).reshape([]) as tf.Scalar);
    },
    get cut() {
      return (cut ??= o.slice(1, 1).reshape([]) as tf.Scalar);
    },
    get pseudoLabels() {
      return (pseudoLabels ??= o.slice(3, m).toInt() as tf.Tensor1D);
    },
  };
}
