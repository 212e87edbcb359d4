import * as tf from '@tensorflow/tfjs';
import { assertLabelMap, relabelByFirstAppearance, type LabelMap } from '../image/LabelMap';
import { assertRgbaImage, type RgbaImage } from '../image/RgbaImage';
import { SIZE_MULTIPLE } from '../superae/buildSuperAE';
import { bilinearMatrix } from './bilinearMatrix';
import type { DscInputs } from './dscObjective';
import { assignmentMatrix, MAX_ASSIGNMENT_ENTRIES } from './segmentSum';
import { upsampleTables } from './wgsl/headWgsl';
import { localityMask, superpixelCentres } from './superpixelGraph';

/** DscInputs plus the contiguous superpixel ids (0..m-1) they were built from. */
export interface PreparedDscInputs extends DscInputs {
  readonly superpixelIds: Int32Array;
  dispose(): void;
}

/**
 * Checks an image and its superpixel map and throws a message saying what is wrong: sizes that
 * differ, an empty or single-superpixel map, an image whose values are not finite bytes.
 */
export function checkDscInput(image: RgbaImage, superpixels: LabelMap): void {
  assertRgbaImage(image);
  assertLabelMap(superpixels, 'superpixels');
  if (image.width !== superpixels.width || image.height !== superpixels.height) {
    throw new RangeError(
      `superpixels are ${superpixels.width}x${superpixels.height} but the image is ${image.width}x${image.height}`,
    );
  }
  // A Uint8ClampedArray cannot hold NaN, but a caller may hand over another array type.
  const d = image.data as ArrayLike<number>;
  if (!(d instanceof Uint8ClampedArray)) {
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (!(v >= 0 && v <= 255))
        throw new RangeError(`image: value ${v} at index ${i} is not a byte (0..255)`);
    }
  }
}

/** Pads [H, W] rows/columns up to multiples of 4 by repeating the edge ("edge" padding). */
function edgePadIndex(size: number, padded: number): Int32Array {
  const idx = new Int32Array(padded);
  for (let i = 0; i < padded; i++) idx[i] = Math.min(i, size - 1);
  return idx;
}

/** Pixel indices grouped by superpixel (a counting sort): members [N], offsets [M + 1]. */
function groupBySuperpixel(ids: Int32Array, m: number): { members: tf.Tensor1D; offsets: tf.Tensor1D } {
  const offsets = new Int32Array(m + 1);
  for (const j of ids) offsets[j + 1]++;
  for (let j = 0; j < m; j++) offsets[j + 1] += offsets[j];
  const next = offsets.slice(0, m);
  const members = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) members[next[ids[i]]++] = i;
  return { members: tf.tensor1d(members, 'int32'), offsets: tf.tensor1d(offsets, 'int32') };
}

/**
 * The per-image tensors of the DSC objective. The caller disposes them with `dispose()`.
 * `assignment: true` also uploads the one-hot superpixel matrix Sᵀ [N, M] for the matmul kernels,
 * unless it would exceed MAX_ASSIGNMENT_ENTRIES (then the sums fall back to segment sums);
 * `wgsl: true` the pixels grouped by superpixel (members, offsets) for the WGSL loss and the
 * upsampling's taps (upsampleTables) for the WGSL head.
 */
export function prepareDscInputs(
  image: RgbaImage,
  superpixels: LabelMap,
  r: number,
  { assignment = false, wgsl = false }: { assignment?: boolean; wgsl?: boolean } = {},
): PreparedDscInputs {
  checkDscInput(image, superpixels);
  const { width, height } = image;
  const { labels: ids, count: m } = relabelByFirstAppearance(superpixels.labels);
  if (m < 2) throw new RangeError(`superpixels: DSC needs at least 2 superpixels, got ${m}`);
  const n = width * height;
  const ph = Math.ceil(height / SIZE_MULTIPLE) * SIZE_MULTIPLE;
  const pw = Math.ceil(width / SIZE_MULTIPLE) * SIZE_MULTIPLE;

  const rgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = image.data[i * 4 + c] / 255;
  }
  const padRows = edgePadIndex(height, ph);
  const padCols = edgePadIndex(width, pw);
  const paddedRgb = new Float32Array(ph * pw * 3);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const src = (padRows[y] * width + padCols[x]) * 3;
      const dst = (y * pw + x) * 3;
      paddedRgb[dst] = rgb[src];
      paddedRgb[dst + 1] = rgb[src + 1];
      paddedRgb[dst + 2] = rgb[src + 2];
    }
  }
  const sizes = new Float32Array(m);
  for (let i = 0; i < n; i++) sizes[ids[i]]++;
  const invSizes = sizes.map((s) => 1 / s);
  const mask = localityMask(superpixelCentres(ids, width, m), r);

  const h2 = ph / 2;
  const w2 = pw / 2;
  const h3 = ph / 4;
  const w3 = pw / 4;
  const ry2 = bilinearMatrix(h2, ph, height);
  const rx2 = bilinearMatrix(w2, pw, width);
  const ry3 = bilinearMatrix(h3, ph, height);
  const rx3 = bilinearMatrix(w3, pw, width);
  const tensors = {
    padded: tf.tensor4d(paddedRgb, [1, ph, pw, 3]),
    pixels: tf.tensor2d(rgb, [n, 3]),
    superpixel: tf.tensor1d(ids, 'int32'),
    invSizes: tf.tensor2d(invSizes, [m, 1]),
    mask: tf.tensor2d(mask, [m, m]),
    ry2: tf.tensor2d(ry2, [height, h2]),
    rx2: tf.tensor2d(rx2, [width, w2]),
    ry3: tf.tensor2d(ry3, [height, h3]),
    rx3: tf.tensor2d(rx3, [width, w3]),
    ...(assignment && m * n <= MAX_ASSIGNMENT_ENTRIES && { assignment: assignmentMatrix(ids, m) }),
    ...(wgsl && groupBySuperpixel(ids, m)),
    ...(wgsl && {
      upsampleTables: tf.tensor1d(upsampleTables(height, width, ry2, rx2, ry3, rx3, [h2, w2, h3, w3])),
    }),
  };
  return {
    height,
    width,
    m,
    superpixelIds: ids,
    ...tensors,
    dispose: () => {
      for (const t of Object.values(tensors)) t.dispose();
    },
  };
}
