/**
 * Times the pieces of one DSC iteration in isolation on a tfjs backend, each ended by a read-back
 * (so GPU work is included): the convolutions' gradients per encoder stage and kernel set, their
 * parts (transposed convolution, im2col, the filter-gradient product), batch norm and ReLU
 * backward, upsampling backward, superpixel sums, the head's weight gradients, and the whole
 * taped objective. To find what a GPU spends the backward pass on (docs/performance.md).
 *
 *   npm run profile:dsc -- [--backend webgpu|wasm|cpu] [--size 321x481] [--reps 5] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { batchNormBatchStats } from '../core/dsc/batchNormBatchStats';
import { chunkedMatMulTA } from '../core/dsc/chunkedMatMul';
import { conv3x3, type Conv3x3Impl } from '../core/dsc/conv3x3';
import { settle } from '../core/dsc/createDsc';
import { dscObjective, HEAD_BIAS, HEAD_KERNEL, type DscKernels } from '../core/dsc/dscObjective';
import { gridSuperpixels, randomImage } from '../core/dsc/dscTestUtils';
import { encoderWeightsFromModel } from '../core/dsc/encoderWeights';
import { prepareDscInputs } from '../core/dsc/prepareDscInputs';
import { col2imWgsl } from '../core/dsc/wgsl/col2imWgsl';
import { assignmentMatrix, segmentSumByMatmul } from '../core/dsc/segmentSum';
import { buildSuperAE } from '../core/superae/buildSuperAE';
import { parseFlags } from './dscCommon';
import { setupTfNode, type NodeBackend } from './tfNode';

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), ['--size', '--reps', '--json'], []);
  const backend = await setupTfNode((values.get('--backend') ?? 'cpu') as NodeBackend);
  const m = /^(\d+)x(\d+)$/.exec(values.get('--size') ?? '321x481');
  if (!m) throw new Error('--size must be HxW');
  const [height, width] = [Number(m[1]), Number(m[2])];
  const reps = Number(values.get('--reps') ?? 5);
  const rows: { name: string; ms: number | null; error?: string }[] = [];
  const time = async (name: string, f: () => tf.Tensor | tf.Tensor[]) => {
    const ts: number[] = [];
    try {
      for (let i = 0; i < reps + 2; i++) {
        const t0 = performance.now();
        const out = tf.tidy(f);
        await settle(Array.isArray(out) ? out : [out]);
        if (i >= 2) ts.push(performance.now() - t0);
        tf.dispose(out);
      }
    } catch (e) {
      // A kernel this backend lacks (wasm: Conv2DBackpropFilter) costs one row, not the profile.
      const error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      rows.push({ name, ms: null, error });
      process.stderr.write(`${name.padEnd(58)} failed: ${error}\n`);
      return;
    }
    ts.sort((a, b) => a - b);
    const ms = ts[ts.length >> 1];
    rows.push({ name, ms });
    process.stderr.write(`${name.padEnd(58)} ${ms.toFixed(2)} ms\n`);
  };
  const rand = (shape: number[]) => tf.randomUniform(shape, -1, 1, 'float32', 1);

  const hp = Math.ceil(height / 4) * 4;
  const wp = Math.ceil(width / 4) * 4;
  const stages: [string, number[], number, 1 | 2][] = [
    ['e1', [1, hp, wp, 3], 64, 1],
    ['e2', [1, hp, wp, 64], 128, 2],
    ['e3', [1, hp / 2, wp / 2, 128], 256, 2],
  ];
  for (const [s, shape, co, stride] of stages) {
    const x = tf.keep(rand(shape)) as tf.Tensor4D;
    const k = tf.keep(rand([3, 3, shape[3], co]).mul(0.05)) as tf.Tensor4D;
    const ho = shape[1] / stride;
    const wo = shape[2] / stride;
    const up = tf.keep(rand([1, ho, wo, co]));
    await time(`${s} conv forward`, () => conv3x3(x, k, stride, 'stock'));
    for (const impl of ['im2col-grad', 'im2col-chunked', 'polyphase', 'stock'] as Conv3x3Impl[]) {
      // The upstream gradient is given (dy = up), so no reduction of the whole map to one number
      // (one workgroup on webgpu) is timed with the convolution.
      await time(`${s} conv grads (x, W) ${impl}`, () =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) => conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, stride, impl))([x, k], up),
      );
    }
    if (tf.getBackend() === 'webgpu') {
      for (const impl of ['im2col-wgsl', 'col2im-wgsl'] as Conv3x3Impl[]) {
        await time(`${s} conv grads (x, W) ${impl}`, () =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) => conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, stride, impl))([x, k], up),
        );
      }
      // The input gradient alone, both ways (the 'wgsl' set picks one: conv3x3.ts).
      await time(`${s} dx: conv2dTranspose, padding inside`, () => tf.conv2dTranspose(up as tf.Tensor4D, k, x.shape, stride, 1));
      const ks = tf.keep(k.reshape([9 * shape[3], co]));
      const ksT = tf.keep(ks.transpose());
      const dyRows = tf.keep(up.reshape([ho * wo, co])) as tf.Tensor2D;
      await time(`${s} dx: dy·Kᵀ, tfjs matmul (transposeB)`, () => dyRows.matMul(ks, false, true));
      await time(`${s} dx: dy·Kᵀ, tfjs matmul (Kᵀ given)`, () => dyRows.matMul(ksT));
      const dcols = tf.keep(dyRows.matMul(ksT)) as tf.Tensor2D;
      await time(`${s} dx: col2im (WGSL)`, () => col2imWgsl(dcols, shape[1], shape[2], ho, wo, stride, 1));
      tf.dispose([ks, ksT, dyRows, dcols]);
    }
    await time(`${s} conv2dTranspose (dx)`, () => {
      const p = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      return tf.conv2dTranspose(up as tf.Tensor4D, k, [1, p.shape[1], p.shape[2], shape[3]], stride, 'valid');
    });
    const p = tf.keep(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]));
    const taps = () => {
      const list: tf.Tensor4D[] = [];
      for (let ky = 0; ky < 3; ky++)
        for (let kx = 0; kx < 3; kx++)
          list.push(tf.stridedSlice(p, [0, ky, kx, 0], [1, ky + (ho - 1) * stride + 1, kx + (wo - 1) * stride + 1, shape[3]], [1, stride, stride, 1]) as tf.Tensor4D);
      return list;
    };
    await time(`${s} im2col: 9 strided slices`, () => taps());
    await time(`${s} im2col: slices + concat`, () => tf.concat(taps(), 3));
    const cols = tf.keep(tf.concat(taps(), 3).reshape([ho * wo, 9 * shape[3]])) as tf.Tensor2D;
    const dy2 = tf.keep(up.reshape([ho * wo, co])) as tf.Tensor2D;
    await time(`${s} dW product, tfjs matmul (transposeA)`, () => cols.matMul(dy2, true, false));
    await time(`${s} dW product, chunked`, () => chunkedMatMulTA(cols, dy2));
    const pre = tf.keep(tf.conv2d(p, k, stride, 'valid'));
    await time(`${s} BN + ReLU forward and backward (tfjs ops)`, () =>
      tf.grads((a: tf.Tensor) => {
        const { mean, variance } = tf.moments(a, [0, 1, 2]);
        return a.sub(mean).mul(variance.add(1e-3).rsqrt()).relu();
      })([pre], up),
    );
    const rows = tf.keep(pre.reshape([ho * wo, co])) as tf.Tensor2D;
    const [bias, gamma, beta] = [tf.keep(tf.zeros([co])), tf.keep(tf.ones([co])), tf.keep(tf.zeros([co]))] as tf.Tensor1D[];
    await time(`${s} BN + ReLU forward and backward (fused: batchNormBatchStats)`, () =>
      tf.grads((a: tf.Tensor) => batchNormBatchStats(a as tf.Tensor2D, bias, gamma, beta, 1e-3).relu())([rows], dy2),
    );
    tf.dispose([pre, rows, bias, gamma, beta]);
    tf.dispose([x, k, up, p, cols, dy2]);
  }

  const n = height * width;
  const sp = gridSuperpixels(width, height, Math.round(Math.sqrt(n / 100)));
  const ids = tf.keep(tf.tensor1d(sp.labels, 'int32'));
  const mCount = new Set(sp.labels).size;
  const st = tf.keep(assignmentMatrix(sp.labels, mCount));
  const z = tf.keep(rand([n, 32])) as tf.Tensor2D;
  const dyM = tf.keep(rand([mCount, 32])) as tf.Tensor2D;
  await time('superpixel sum: tf.unsortedSegmentSum', () => tf.unsortedSegmentSum(z, ids, mCount));
  await time('superpixel sum: one-hot, tfjs matmul', () => segmentSumByMatmul(z, ids, st));
  await time('superpixel sum: one-hot, chunked', () => segmentSumByMatmul(z, ids, st, 1024));
  await time('superpixel sum backward: gather', () => tf.gather(dyM, ids));
  const e1 = tf.keep(rand([n, 64])) as tf.Tensor2D;
  await time('head weight grad [N,64]ᵀ[N,32]: tfjs matmul', () => e1.matMul(z, true, false));
  await time('head weight grad [N,64]ᵀ[N,32]: chunked', () => chunkedMatMulTA(e1, z));

  // The whole taped objective and its gradients, per kernel set.
  const model = buildSuperAE(0);
  const weights = encoderWeightsFromModel(model);
  model.dispose();
  const params = new Map<string, tf.Tensor>(weights);
  params.set(HEAD_KERNEL, tf.keep(rand([451, 32]).mul(0.04)));
  params.set(HEAD_BIAS, tf.keep(tf.zeros([32])));
  const image = randomImage(width, height, 1);
  for (const kernels of ['matmul', 'chunked', 'fused', 'polyphase', 'stock'] as DscKernels[]) {
    const inputs = prepareDscInputs(image, sp, Infinity, { assignment: kernels !== 'stock' });
    const vars = [...params.entries()].filter(([name]) => !name.includes('moving'));
    const cfg = { sigma: 10, alpha: 1, beta: 1, cut: 'normalized', bnMode: 'batch', kernels } as const;
    await time(`objective forward (taped off) ${kernels}`, () => dscObjective(params, inputs, cfg).total);
    await time(`objective + all gradients ${kernels}`, () =>
      tf.grads((...xs: tf.Tensor[]) => {
        const p2 = new Map(params);
        vars.forEach(([name], i) => p2.set(name, xs[i]));
        return dscObjective(p2, inputs, cfg).total;
      })(vars.map(([, t]) => t)),
    );
    inputs.dispose();
  }
  const out = { backend, size: `${height}x${width}`, reps, rows };
  const file = values.get('--json');
  if (file) writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  process.stderr.write(`profile:dsc: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
