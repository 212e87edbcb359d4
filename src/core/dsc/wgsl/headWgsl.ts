import * as tf from '@tensorflow/tfjs';
import { flatProgram, runWgsl, treeSum64, type WgslProgram } from './runWgsl';

/** Rows of the image per workgroup of the head's weight-gradient partial sums. */
const CHUNK_ROWS = 256;

/**
 * The bilinear taps of one interpolation matrix R [out, in] (bilinearMatrix: at most two nonzero
 * entries per row): per output o, (i0, i1, w0, w1) as floats; and per input i the range of
 * outputs [lo, hi) that read it, for the adjoint (upsampling's gradient) as a gather.
 */
function taps(r: Float32Array, out: number, inSize: number): { taps: Float32Array; spans: Float32Array } {
  const t = new Float32Array(out * 4);
  const spans = new Float32Array(inSize * 2);
  const lo = new Int32Array(inSize).fill(out);
  const hi = new Int32Array(inSize).fill(0);
  for (let o = 0; o < out; o++) {
    const nz: number[] = [];
    for (let i = 0; i < inSize; i++) if (r[o * inSize + i] !== 0) nz.push(i);
    if (nz.length === 0 || nz.length > 2) throw new RangeError(`bilinear row ${o}: ${nz.length} taps`);
    const [i0, i1 = i0] = nz;
    t.set([i0, i1, r[o * inSize + i0], i1 === i0 ? 0 : r[o * inSize + i1]], o * 4);
    for (const i of nz) {
      lo[i] = Math.min(lo[i], o);
      hi[i] = Math.max(hi[i], o + 1);
    }
  }
  for (let i = 0; i < inSize; i++) spans.set(lo[i] < hi[i] ? [lo[i], hi[i]] : [0, 0], i * 2);
  return { taps: t, spans };
}

/**
 * The tables of the head's upsampling for an image of height x width whose E2 and E3 maps are
 * [h2, w2] and [h3, w3], from their interpolation matrices (prepareDscInputs): one float32 vector
 * [ty2 (H x 4) | tx2 (W x 4) | ty3 | tx3 | sy2 (h2 x 2) | sx2 (w2 x 2) | sy3 | sx3].
 */
export function upsampleTables(
  height: number,
  width: number,
  ry2: Float32Array,
  rx2: Float32Array,
  ry3: Float32Array,
  rx3: Float32Array,
  [h2, w2, h3, w3]: [number, number, number, number],
): Float32Array {
  const parts = [
    taps(ry2, height, h2),
    taps(rx2, width, w2),
    taps(ry3, height, h3),
    taps(rx3, width, w3),
  ];
  const all = [...parts.map((p) => p.taps), ...parts.map((p) => p.spans)];
  const out = new Float32Array(all.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of all) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Offsets of upsampleTables' parts, as uniforms. */
function tableOffsets(h: number, w: number, h2: number, w2: number, h3: number): number[] {
  const ty2 = 0;
  const tx2 = ty2 + 4 * h;
  const ty3 = tx2 + 4 * w;
  const tx3 = ty3 + 4 * h;
  const sy2 = tx3 + 4 * w;
  const sx2 = sy2 + 2 * h2;
  const sy3 = sx2 + 2 * w2;
  const sx3 = sy3 + 2 * h3;
  return [ty2, tx2, ty3, tx3, sy2, sx2, sy3, sx3];
}

const GEOMETRY = 'h : i32, w : i32, wp : i32, c1 : i32, h2 : i32, w2 : i32, h3 : i32, w3 : i32,';
const OFFSETS = 'ty2 : i32, tx2 : i32, ty3 : i32, tx3 : i32, sy2 : i32, sx2 : i32, sy3 : i32, sx3 : i32,';

/** Bilinear sample of p [hs * ws, K] at output (y, x), channel q, from the taps at ty, tx. */
const sample = (p: string, ty: string, tx: string, ws: string) => `
          {
            let ya = i32(tables[uniforms.${ty} + y * 4]);
            let yb = i32(tables[uniforms.${ty} + y * 4 + 1]);
            let wya = tables[uniforms.${ty} + y * 4 + 2];
            let wyb = tables[uniforms.${ty} + y * 4 + 3];
            let xa = i32(tables[uniforms.${tx} + x * 4]);
            let xb = i32(tables[uniforms.${tx} + x * 4 + 1]);
            let wxa = tables[uniforms.${tx} + x * 4 + 2];
            let wxb = tables[uniforms.${tx} + x * 4 + 3];
            acc = acc + wya * (wxa * ${p}[(ya * uniforms.${ws} + xa) * K + q] + wxb * ${p}[(ya * uniforms.${ws} + xb) * K + q])
                      + wyb * (wxa * ${p}[(yb * uniforms.${ws} + xa) * K + q] + wxb * ${p}[(yb * uniforms.${ws} + xb) * K + q]);
          }`;

/**
 * The head's partial sums for its weight gradient: per chunk of CHUNK_ROWS pixels, Σ a_ir dz_iq
 * for the rows r of [image (3), E1 (C1), 1 (the bias)]: [G, (4 + C1) K].
 */
function headGradPartials(n: number, rows: number, k: number): WgslProgram {
  const groups = Math.ceil(n / CHUNK_ROWS);
  return {
    shaderKey: 'dsc_head_grad_partials',
    outputShape: [groups, rows * k],
    variableNames: ['dz', 'e1', 'pixels'],
    workgroupSize: [256, 1, 1],
    dispatch: [groups, 1, 1],
    dispatchLayout: { x: [1], y: [0] },
    uniforms: `k : i32, rows : i32, ${GEOMETRY}`,
    getUserCode: () => `
      fn main() {
        let chunk = i32(workgroupId.x);
        let i0 = chunk * ${CHUNK_ROWS};
        let i1 = min(i0 + ${CHUNK_ROWS}, uniforms.h * uniforms.w);
        let K = uniforms.k;
        for (var o = i32(localId.x); o < uniforms.rows * K; o = o + 256) {
          let r = o / K;
          let q = o - r * K;
          var acc = 0.0;
          for (var i = i0; i < i1; i = i + 1) {
            var a = 1.0;
            if (r < 3) {
              a = pixels[i * 3 + r];
            } else if (r < 3 + uniforms.c1) {
              let y = i / uniforms.w;
              let x = i - y * uniforms.w;
              a = e1[(y * uniforms.wp + x) * uniforms.c1 + r - 3];
            }
            acc = acc + a * dz[i * K + q];
          }
          result[chunk * uniforms.rows * K + o] = acc;
        }
      }`,
  };
}

/**
 * The partials merged: [headRows + 1, K], rows 0..3+C1-1 the head's gradient for the image and E1
 * rows, zeros for the E2 and E3 rows (their gradient flows through p2 and p3), the last row the
 * bias's. One workgroup of 64 threads per partial row and column (a tree sum), which also zero a
 * share of the E2 and E3 rows: one workgroup per output, most of them writing a zero, made this
 * the slowest program of the iteration on SwiftShader.
 */
function headGradFinalize(headRows: number, rows: number, k: number): WgslProgram {
  return {
    shaderKey: 'dsc_head_grad_finalize',
    outputShape: [headRows + 1, k],
    variableNames: ['partial'],
    workgroupSize: [64, 1, 1],
    dispatch: [rows * k, 1, 1],
    dispatchLayout: { x: [1], y: [0] },
    uniforms: 'k : i32, rows : i32, groups : i32, headRows : i32,',
    getUserCode: () => `
      var<workgroup> sh : array<f32, 64>;
      fn main() {
        let o = i32(workgroupId.x);
        let t = i32(localId.x);
        let K = uniforms.k;
        let pr = o / K;
        let q = o - pr * K;
        var acc = 0.0;
        for (var g = t; g < uniforms.groups; g = g + 64) {
          acc = acc + partial[g * uniforms.rows * K + pr * K + q];
        }
        sh[t] = acc;
        workgroupBarrier();
          ${treeSum64()}
        // The partials' last row is the bias's, the output's last row too.
        var row = pr;
        if (pr == uniforms.rows - 1) { row = uniforms.headRows; }
        if (t == 0) { result[row * K + q] = sh[0]; }
        // The E2 and E3 rows, rows - 1 .. headRows - 1: zeros, shared out over the workgroups.
        let zeros = (uniforms.headRows - uniforms.rows + 1) * K;
        for (var z = o * 64 + t; z < zeros; z = z + uniforms.rows * K * 64) {
          result[(uniforms.rows - 1) * K + z] = 0.0;
        }
      }`,
  };
}

/**
 * The deep embedding's head (Eq. 2's 1x1 convolution over [image, E1, up(E2), up(E3)]), fused:
 *   Z_i = image_i h0 + E1_i h1 + up(p2)_i + up(p3)_i + b,
 * with p2 = E2 h2 and p3 = E3 h3 already projected (deepEmbedding's order), the bilinear
 * upsampling read from its taps, E1 read in its padded layout (no crop). One WGSL program
 * forward; backward, one each for dE1 = dZ h1ᵀ (in E1's padded layout), dp2 and dp3 (the
 * upsampling's adjoint as a gather), and two for the weight and bias gradients (partial sums over
 * pixel chunks, then their merge). tfjs's ops took 21 dispatches forward and about 20 backward.
 */
export function headWgsl(
  e1: tf.Tensor4D,
  head: tf.Tensor2D,
  p2: tf.Tensor2D,
  p3: tf.Tensor2D,
  bias: tf.Tensor1D,
  pixels: tf.Tensor2D,
  tables: tf.Tensor1D,
  geometry: { height: number; width: number; e2: [number, number]; e3: [number, number] },
): tf.Tensor2D {
  const { height: h, width: w } = geometry;
  const [h2, w2] = geometry.e2;
  const [h3, w3] = geometry.e3;
  const [, , wp, c1] = e1.shape;
  const [headRows, k] = head.shape;
  const n = h * w;
  const geo = [h, w, wp, c1, h2, w2, h3, w3];
  const ints = (xs: number[]) => xs.map((x) => ({ type: 'int32' as const, data: [x] }));
  const offsets = tableOffsets(h, w, h2, w2, h3);
  const op = tf.customGrad((...args) => {
    const [x1, hd, q2, q3, b, save] = args as [tf.Tensor4D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const value = runWgsl(
      flatProgram(
        `dsc_head_${k}`,
        [n, k],
        ['e1', 'head', 'p2', 'p3', 'bias', 'tables', 'pixels'],
        `
          let K = ${k};
          let i = index / K;
          let q = index - i * K;
          let y = i / uniforms.w;
          let x = i - y * uniforms.w;
          var acc = bias[q];
          for (var c = 0; c < 3; c = c + 1) { acc = acc + pixels[i * 3 + c] * head[c * K + q]; }
          let base = (y * uniforms.wp + x) * uniforms.c1;
          for (var c = 0; c < uniforms.c1; c = c + 1) { acc = acc + e1[base + c] * head[(3 + c) * K + q]; }
          ${sample('p2', 'ty2', 'tx2', 'w2')}
          ${sample('p3', 'ty3', 'tx3', 'w3')}
          setOutputAtIndex(index, acc);`,
        GEOMETRY + OFFSETS,
      ),
      [x1, hd, q2, q3, b, tables, pixels],
      ints([...geo, ...offsets]),
    ) as tf.Tensor2D;
    save([x1, hd]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [e1s, hds] = saved as [tf.Tensor4D, tf.Tensor2D];
        const dz = dy as tf.Tensor2D;
        // dE1 = dZ h1ᵀ inside the crop, 0 on the padding.
        const de1 = runWgsl(
          flatProgram(
            `dsc_head_de1_${k}`,
            [...e1s.shape],
            ['dz', 'head'],
            `
          let c = index % uniforms.c1;
          let px = index / uniforms.c1;
          let y = px / uniforms.wp;
          let x = px - y * uniforms.wp;
          var acc = 0.0;
          if (y < uniforms.h && x < uniforms.w) {
            let row = (y * uniforms.w + x) * ${k};
            for (var q = 0; q < ${k}; q = q + 1) { acc = acc + dz[row + q] * head[(3 + c) * ${k} + q]; }
          }
          setOutputAtIndex(index, acc);`,
            GEOMETRY,
          ),
          [dz, hds],
          ints(geo),
        ).reshape(e1s.shape);
        // dp = the upsampling's adjoint: each low-res (ly, lx) gathers from the outputs that read it.
        const adjoint = (hs: number, ws: number, ty: number, tx: number, sy: number, sx: number) =>
          runWgsl(
            flatProgram(
              `dsc_head_upsample_adjoint_${k}`,
              [hs * ws, k],
              ['dz', 'tables'],
              `
          let q = index % ${k};
          let cell = index / ${k};
          let ly = cell / uniforms.ws;
          let lx = cell - ly * uniforms.ws;
          let y0 = i32(tables[uniforms.sy + ly * 2]);
          let y1 = i32(tables[uniforms.sy + ly * 2 + 1]);
          let x0 = i32(tables[uniforms.sx + lx * 2]);
          let x1 = i32(tables[uniforms.sx + lx * 2 + 1]);
          var acc = 0.0;
          for (var y = y0; y < y1; y = y + 1) {
            var wy = 0.0;
            if (i32(tables[uniforms.ty + y * 4]) == ly) { wy = wy + tables[uniforms.ty + y * 4 + 2]; }
            if (i32(tables[uniforms.ty + y * 4 + 1]) == ly) { wy = wy + tables[uniforms.ty + y * 4 + 3]; }
            for (var x = x0; x < x1; x = x + 1) {
              var wx = 0.0;
              if (i32(tables[uniforms.tx + x * 4]) == lx) { wx = wx + tables[uniforms.tx + x * 4 + 2]; }
              if (i32(tables[uniforms.tx + x * 4 + 1]) == lx) { wx = wx + tables[uniforms.tx + x * 4 + 3]; }
              acc = acc + wy * wx * dz[(y * uniforms.w + x) * ${k} + q];
            }
          }
          setOutputAtIndex(index, acc);`,
              'w : i32, ws : i32, ty : i32, tx : i32, sy : i32, sx : i32,',
            ),
            [dz, tables],
            ints([w, ws, ty, tx, sy, sx]),
          );
        const dp2 = adjoint(h2, w2, offsets[0], offsets[1], offsets[4], offsets[5]);
        const dp3 = adjoint(h3, w3, offsets[2], offsets[3], offsets[6], offsets[7]);
        // dh (image and E1 rows) and db: chunk partials, then merged into [headRows + 1, K].
        const rows = 4 + c1;
        const groups = Math.ceil(n / CHUNK_ROWS);
        const partial = runWgsl(headGradPartials(n, rows, k), [dz, e1s, pixels], ints([k, rows, ...geo]));
        const merged = runWgsl(headGradFinalize(headRows, rows, k), [partial], ints([k, rows, groups, headRows]));
        partial.dispose();
        const dHead = merged.slice([0, 0], [headRows, k]);
        const dBias = merged.slice([headRows, 0], [1, k]).reshape([k]);
        return [de1, dHead, dp2, dp3, dBias];
      },
    };
  });
  return op(e1, head, p2, p3, bias) as tf.Tensor2D;
}
