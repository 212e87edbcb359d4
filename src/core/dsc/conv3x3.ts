import * as tf from '@tensorflow/tfjs';
import { chunkedMatMulTA, DEFAULT_CHUNK_ROWS } from './chunkedMatMul';
import { gatherRows } from './segmentSum';
import { col2imWgsl } from './wgsl/col2imWgsl';
import { im2colWgsl } from './wgsl/im2colWgsl';

/**
 * How conv3x3 computes a 3x3 convolution and its gradients:
 * - 'stock': tfjs's Conv2D and its own gradients (Conv2DBackpropInput, Conv2DBackpropFilter).
 * - 'gather': im2col as one row gather, then one matmul; the gradients follow from the gather
 *   (a segment sum) and the matmul. Fastest on the cpu backend, whose Conv2DBackpropFilter is
 *   a naive loop 20 to 50 times slower than the equivalent matmul.
 * - 'im2col-grad': tfjs's Conv2D forward and Conv2DBackpropInput (a tiled matmul on webgpu),
 *   but the filter gradient as im2col (nine strided slices) and one matmul. The webgpu backend's
 *   Conv2DBackpropFilter runs one thread per filter element looping over the whole image; a
 *   matmul with a long inner dimension gets tfjs's split-K kernel instead.
 * - 'im2col-wgsl' (webgpu only): tfjs's Conv2D and Conv2DBackpropInput with the zero padding done
 *   inside them (no padded copy); the filter gradient as im2col in one WGSL program
 *   (im2colWgsl, reading zeros outside the map) and one matmul.
 * - 'col2im-wgsl' (webgpu only): as 'im2col-wgsl', but the input gradient as one matmul dy · Kᵀ
 *   and its col2im (col2imWgsl) instead of Conv2DBackpropInput: on the H200 E2's and E3's whole
 *   gradients took 3.2 and 2.2 ms against 4.3 and 3.6 (profile:dsc, 2026-11-27); on SwiftShader
 *   it is 2x slower (tfjs's matmul is the slow part there). The 'wgsl' set's convolution.
 * - 'im2col-chunked': as 'im2col-grad', but the filter gradient's product is split into chunks of
 *   rows and batched (chunkedMatMulTA): no atomics, many workgroups.
 * - 'polyphase': only Conv2D and untransposed MatMul, the two fast kernels of the wasm backend
 *   (XNNPACK), which has no Conv2DBackpropFilter and a Conv2DBackpropInput, StridedSlice and
 *   transposed MatMul 10 to 15 times slower than a Conv2D of the same size. The input gradient
 *   of a stride-2 convolution is four stride-1 convolutions of dy, one per output phase
 *   (even/odd row and column), interleaved by DepthToSpace; the filter gradient is one product
 *   dyᵀ · tap per kernel tap, each tap a plain slice of the (phase-split) padded input.
 */
export type Conv3x3Impl =
  | 'stock'
  | 'gather'
  | 'im2col-grad'
  | 'im2col-wgsl'
  | 'col2im-wgsl'
  | 'im2col-chunked'
  | 'polyphase';

export interface Conv3x3Options {
  /** False when x is a constant (the image): no input gradient is computed (zeros). @default true */
  inputGrad?: boolean;
  /** Rows per chunk of 'im2col-chunked' (see chunkedMatMulTA). @default DEFAULT_CHUNK_ROWS */
  chunkRows?: number;
}

/** The implementation the DSC uses on the current backend with its own kernels. */
export function defaultConv3x3Impl(): Conv3x3Impl {
  return tf.getBackend() === 'cpu' ? 'gather' : 'im2col-grad';
}

/**
 * im2col indices of a 3x3, padding-1 convolution of an h x w map: for output pixel p and tap t
 * (row-major over the 3x3 window), the input row read, or h * w (a zero row) outside the map.
 */
function im2colIndices(h: number, w: number, stride: number): Int32Array {
  const ho = h / stride;
  const wo = w / stride;
  const idx = new Int32Array(ho * wo * 9);
  let q = 0;
  for (let oy = 0; oy < ho; oy++) {
    for (let ox = 0; ox < wo; ox++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const iy = oy * stride + dy;
          const ix = ox * stride + dx;
          idx[q++] = iy >= 0 && iy < h && ix >= 0 && ix < w ? iy * w + ix : h * w;
        }
      }
    }
  }
  return idx;
}

const PAD1: [number, number][] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/**
 * im2col of an already padded map [1, Ho*s + 2, Wo*s + 2, C] (s = stride): [Ho * Wo, 9 C],
 * tap-major like a [3, 3, C, C'] kernel reshaped to [9 C, C'].
 */
function im2colPadded(padded: tf.Tensor4D, ho: number, wo: number, stride: number): tf.Tensor2D {
  const c = padded.shape[3];
  const taps: tf.Tensor4D[] = [];
  for (let ky = 0; ky < 3; ky++) {
    for (let kx = 0; kx < 3; kx++) {
      taps.push(
        tf.stridedSlice(
          padded,
          [0, ky, kx, 0],
          [1, ky + (ho - 1) * stride + 1, kx + (wo - 1) * stride + 1, c],
          [1, stride, stride, 1],
        ) as tf.Tensor4D,
      );
    }
  }
  return tf.concat(taps, 3).reshape([ho * wo, 9 * c]);
}

/**
 * Conv2D forward (zero padding 1) with the given input and filter gradients: inputGradOf(dy, k,
 * padded) -> [1, H, W, C] (skipped, zeros, when the input is a constant), filterGradOf(padded,
 * dy) -> [3, 3, C, C'].
 */
const convWithGrads = (
  stride: 1 | 2,
  inputGrad: boolean,
  inputGradOf: (dy: tf.Tensor4D, k: tf.Tensor4D, padded: tf.Tensor4D) => tf.Tensor4D,
  filterGradOf: (padded: tf.Tensor4D, dy: tf.Tensor4D) => tf.Tensor4D,
) =>
  tf.customGrad((...args) => {
    const [x, kernel, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    const padded = tf.pad(x, PAD1);
    save([padded, kernel]);
    return {
      value: tf.conv2d(padded, kernel, stride, 'valid'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [p, k] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = dy as tf.Tensor4D; // [1, Ho, Wo, C']
        const [, hp, wp, c] = p.shape;
        // tf.fill on the backend, not tf.zeros' array built in JavaScript and uploaded.
        const dx = inputGrad ? inputGradOf(g, k, p) : tf.fill([1, hp - 2, wp - 2, c], 0);
        return [dx, filterGradOf(p, g)];
      },
    };
  });

/** Filter gradients with at most this many entries are chunked products in wgslConv. */
const CHUNKED_MAX_OUTPUTS = 1 << 17;

/**
 * The 'im2col-wgsl' and 'col2im-wgsl' convolutions: tfjs's Conv2D with the zero padding done
 * inside it (pad 1), the filter gradient as the WGSL im2col of the unpadded input (zeros read
 * outside) and one matmul, the input gradient by tfjs's Conv2DBackpropInput ('transpose') or
 * as one matmul and the WGSL col2im, the adjoint of that im2col ('col2im'). No padded copy of
 * the input forward, no crop of the input gradient backward. A constant input (the image,
 * inputGrad false) is not an input of the gradient at all, so no zeros are made for it.
 */
function wgslConv(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: 1 | 2,
  inputGrad: boolean,
  dxBy: 'transpose' | 'col2im',
  chunkRows: number,
): tf.Tensor4D {
  const filterGrad = (xs: tf.Tensor4D, g: tf.Tensor4D) => {
    const [, ho, wo, co] = g.shape;
    const cols = im2colWgsl(xs, ho, wo, stride, 1);
    const g2 = g.reshape([ho * wo, co]) as tf.Tensor2D;
    // A small [9 C, C'] from a long inner dimension: tfjs gives it few threads that each loop over
    // every pixel (E2) or its split-K kernel's atomics (E1); chunks are faster there (profile:dsc
    // on the H200: E1 0.97 against 2.87 ms, E2 1.13 against 1.59), tfjs's tiles for E3's larger one.
    const dw = 9 * xs.shape[3] * co <= CHUNKED_MAX_OUTPUTS ? chunkedMatMulTA(cols, g2, chunkRows) : cols.matMul(g2, true, false);
    return dw.reshape([3, 3, xs.shape[3], co]) as tf.Tensor4D;
  };
  if (!inputGrad) {
    const op = tf.customGrad((...args) => {
      const [k] = args as [tf.Tensor4D, tf.GradSaveFunc];
      return {
        value: tf.conv2d(x, k, stride, 1),
        gradFunc: (dy: tf.Tensor | tf.Tensor[]) => filterGrad(x, dy as tf.Tensor4D),
      };
    });
    return op(kernel) as tf.Tensor4D;
  }
  const op = tf.customGrad((...args) => {
    const [xs, k, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xs, k]);
    return {
      value: tf.conv2d(xs, k, stride, 1),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xv, kv] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = dy as tf.Tensor4D;
        if (dxBy === 'transpose') return [tf.conv2dTranspose(g, kv, xv.shape, stride, 1), filterGrad(xv, g)];
        const [, h, w, c] = xv.shape;
        const [, ho, wo, co] = g.shape;
        // dL/dcols = dy · Kᵀ: [Ho Wo, C'] x [C', 9 C], then summed back onto the input (col2im).
        // Kᵀ made first: tfjs's matmul with transposeB took 1.7x as long on SwiftShader (profile:dsc).
        const cols = g.reshape([ho * wo, co]).matMul(kv.reshape([9 * c, co]).transpose());
        return [col2imWgsl(cols as tf.Tensor2D, h, w, ho, wo, stride, 1), filterGrad(xv, g)];
      },
    };
  });
  return op(x, kernel) as tf.Tensor4D;
}

/**
 * Conv2D forward, Conv2DBackpropInput for the input gradient, im2col + matmul for the filter
 * gradient (Eq. 10 and 11 flow through here into every encoder kernel).
 */
const im2colGradConv = (stride: 1 | 2, inputGrad: boolean, chunkRows: number | null) =>
  convWithGrads(
    stride,
    inputGrad,
    // The transposed convolution onto the padded map, padding cut away. [1, H, W, C]
    (g, k, p) => {
      const [, hp, wp, c] = p.shape;
      return tf.conv2dTranspose(g, k, [1, hp, wp, c], stride, 'valid').slice([0, 1, 1, 0], [1, hp - 2, wp - 2, c]);
    },
    // dL/dW = im2col(x)ᵀ · dy: [9 C, Ho Wo] x [Ho Wo, C'] -> [3, 3, C, C'].
    (p, g) => {
      const [, ho, wo, co] = g.shape;
      const cols = im2colPadded(p, ho, wo, stride);
      const dy2 = g.reshape([ho * wo, co]) as tf.Tensor2D;
      const prod = chunkRows === null ? cols.matMul(dy2, true, false) : chunkedMatMulTA(cols, dy2, chunkRows);
      return prod.reshape([3, 3, p.shape[3], co]);
    },
  );

/**
 * A kernel for a stride-1 convolution of dy that computes part of the input gradient of a 3x3
 * convolution with k [3, 3, C, C']: [rows.length, cols.length, C', C], tap (i, j) being k at
 * (rows[i], cols[j]) with its channels swapped, or zeros where either index is -1.
 */
function subKernel(k: tf.Tensor4D, rows: number[], cols: number[]): tf.Tensor4D {
  const [, , c, co] = k.shape;
  const taps = rows.flatMap((ty) =>
    cols.map((tx) =>
      ty < 0 || tx < 0 ? tf.zeros([co, c]) : k.slice([ty, tx, 0, 0], [1, 1, c, co]).reshape([c, co]).transpose(),
    ),
  );
  return tf.stack(taps).reshape([rows.length, cols.length, co, c]);
}

/**
 * The input gradient of conv3x3 (padding 1), dy [1, Ho, Wo, C'] -> [1, H, W, C], as stride-1
 * convolutions. y[o] = sum_t xpad[s o + t] k[t] with x index i = s o + t - 1, so
 * - stride 1: dx[i] = sum_t dy[i + 1 - t] k[t], a convolution of dy padded by 1 with the kernel
 *   flipped and its channels swapped;
 * - stride 2: even i = 2m takes only t = 1 (dy[m]); odd i = 2m + 1 takes t = 2 (dy[m]) and t = 0
 *   (dy[m + 1]). For each row parity a, one convolution of dy (padded by one row and column at
 *   the end) computes both column parities b as channel blocks [Ho, Wo, (b, C)], which is already
 *   the row-interleaved layout [Ho, 2 Wo, C]; the two row parities are then interleaved by a
 *   concat on a new axis. (Only 4-D slices and concats: on wasm, 5-D slices, 5-D transposes and
 *   DepthToSpace were 20 to 100 times slower than a 4-D slice of the same size.)
 */
function polyphaseInputGrad(dy: tf.Tensor4D, k: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const [, ho, wo] = dy.shape;
  const c = k.shape[2];
  if (stride === 1) return tf.conv2d(tf.pad(dy, PAD1), subKernel(k, [2, 1, 0], [2, 1, 0]), 1, 'valid');
  const dyp = tf.pad(dy, [[0, 0], [0, 1], [0, 1], [0, 0]]);
  const rowTaps = [[1], [2, 0]]; // kernel rows read by an even / odd output row
  const rows = [0, 1].map((a) => {
    const src = dyp.slice([0, 0, 0, 0], [1, ho + a, wo + 1, -1]);
    // Column parity 0 reads tap 1 of dy[n] (dy[n + 1] gets a zero tap); parity 1 taps 2 and 0.
    const kernel = tf.concat([subKernel(k, rowTaps[a], [1, -1]), subKernel(k, rowTaps[a], [2, 0])], 3);
    return tf.conv2d(src, kernel, 1, 'valid').reshape([ho, 1, 2 * wo, c]); // [Ho, Wo, (b, C)]
  });
  return tf.concat(rows, 1).reshape([1, 2 * ho, 2 * wo, c]);
}

/**
 * The filter gradient of conv3x3 from the padded input p [1, s Ho + 2, s Wo + 2, C] and dy
 * [1, Ho, Wo, C']: dW[t] = tap_tᵀ · dy with tap_t [Ho Wo, C] the input pixels under tap t,
 * computed as (dyᵀ · tap_t)ᵀ so that only dy and the small result are transposed. With stride 2
 * p is viewed as [Hp/2, 2, Wp/2, 2 C] (row parity; column parity and channel), so each tap is a
 * plain 4-D slice.
 */
function polyphaseFilterGrad(p: tf.Tensor4D, dy: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const [, ho, wo, co] = dy.shape;
  const [, hp, wp, c] = p.shape;
  const dyT = dy.reshape([ho * wo, co]).transpose(); // [C', Ho Wo]
  const view = stride === 1 ? p : p.reshape([hp / 2, 2, wp / 2, 2 * c]);
  const grads: tf.Tensor2D[] = [];
  for (let ky = 0; ky < 3; ky++) {
    for (let kx = 0; kx < 3; kx++) {
      const tap =
        stride === 1
          ? view.slice([0, ky, kx, 0], [1, ho, wo, c])
          : view.slice([ky >> 1, ky & 1, kx >> 1, (kx & 1) * c], [ho, 1, wo, c]);
      grads.push(dyT.matMul(tap.reshape([ho * wo, c])) as tf.Tensor2D); // [C', C]
    }
  }
  return tf.stack(grads).transpose([0, 2, 1]).reshape([3, 3, c, co]);
}

/** Conv2D forward; the gradients as polyphaseInputGrad and polyphaseFilterGrad. */
const polyphaseConv = (stride: 1 | 2, inputGrad: boolean) =>
  convWithGrads(
    stride,
    inputGrad,
    (g, k) => polyphaseInputGrad(g, k, stride),
    (p, g) => polyphaseFilterGrad(p, g, stride),
  );

/**
 * A 3x3 convolution with zero padding 1 and stride 1 or 2 (PyTorch `padding=1`), x [1, H, W, C],
 * kernel [3, 3, C, C'], H and W even when stride is 2. Output [1, H/s, W/s, C']. Every `impl`
 * gives the same values and gradients (dscParts.test.ts, e2e/kernels.spec.ts); they differ in
 * speed per backend.
 */
export function conv3x3(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: 1 | 2,
  impl: Conv3x3Impl = defaultConv3x3Impl(),
  { inputGrad = true, chunkRows = DEFAULT_CHUNK_ROWS }: Conv3x3Options = {},
): tf.Tensor4D {
  const [, h, w, c] = x.shape;
  if (impl === 'stock') return tf.conv2d(tf.pad(x, PAD1), kernel, stride, 'valid');
  if (impl === 'im2col-grad')
    return im2colGradConv(stride, inputGrad, null)(x, kernel) as tf.Tensor4D;
  if (impl === 'im2col-wgsl') return wgslConv(x, kernel, stride, inputGrad, 'transpose', chunkRows);
  if (impl === 'col2im-wgsl') return wgslConv(x, kernel, stride, inputGrad, 'col2im', chunkRows);
  if (impl === 'im2col-chunked')
    return im2colGradConv(stride, inputGrad, chunkRows)(x, kernel) as tf.Tensor4D;
  if (impl === 'polyphase') return polyphaseConv(stride, inputGrad)(x, kernel) as tf.Tensor4D;
  const ho = h / stride;
  const wo = w / stride;
  const rows = tf.concat([x.reshape([h * w, c]), tf.zeros([1, c])]) as tf.Tensor2D; // + a zero row
  const idx = tf.tensor1d(im2colIndices(h, w, stride), 'int32');
  // [ho * wo * 9, C] -> [ho * wo, 9 C], tap-major as the kernel's [3, 3, C] layout.
  const cols = gatherRows(rows, idx).reshape([ho * wo, 9 * c]);
  return cols
    .matMul(kernel.reshape([9 * c, kernel.shape[3]]))
    .reshape([1, ho, wo, kernel.shape[3]]) as tf.Tensor4D;
}
