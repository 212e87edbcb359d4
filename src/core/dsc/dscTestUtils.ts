import * as tf from '@tensorflow/tfjs';
import type { LabelMap } from '../image/LabelMap';
import { HEAD_BIAS, HEAD_KERNEL } from './dscObjective';
import type { RgbaImage } from '../image/RgbaImage';

/** Small seeded helpers shared by the DSC tests (not used by the app). */

/** mulberry32: a seeded uniform generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tensor of seeded uniform values in [-1, 1). */
export function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rand = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => rand() * 2 - 1),
    shape,
  );
}

/** An image of random colours. */
export function randomImage(width: number, height: number, seed: number): RgbaImage {
  const rand = seededRandom(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : Math.floor(rand() * 256);
  return { width, height, data };
}

/** Superpixels as a grid of cells of `cell` x `cell` pixels. */
export function gridSuperpixels(
  width: number,
  height: number,
  cellW: number,
  cellH = cellW,
): LabelMap {
  const labels = new Int32Array(width * height);
  const cols = Math.ceil(width / cellW);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = Math.floor(Math.floor(i / width) / cellH) * cols + Math.floor((i % width) / cellW);
  }
  return { width, height, labels };
}

/** Parameter shapes for encoder channels c and K. */
export function paramShapes(c: [number, number, number], k: number): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  let inC = 3;
  for (const [s, co] of [
    ['e1', c[0]],
    ['e2', c[1]],
    ['e3', c[2]],
  ] as const) {
    shapes.set(`${s}_conv/kernel`, [3, 3, inC, co]);
    for (const n of ['conv/bias', 'bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance']) {
      shapes.set(`${s}_${n}`, [co]);
    }
    inC = co;
  }
  shapes.set(HEAD_KERNEL, [3 + c[0] + c[1] + c[2], k]);
  shapes.set(HEAD_BIAS, [k]);
  return shapes;
}

/** Float32-representable random parameters: kernels He-scaled, BN near identity. */
export function randomParams(
  c: [number, number, number],
  k: number,
  seed: number,
): Map<string, Float64Array> {
  const rand = seededRandom(seed);
  const out = new Map<string, Float64Array>();
  for (const [name, shape] of paramShapes(c, k)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const fanIn =
      shape.length === 4 ? shape[0] * shape[1] * shape[2] : shape.length === 2 ? shape[0] : 1;
    const v = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const u = rand() * 2 - 1;
      if (name.endsWith('/kernel')) v[i] = (u * 1.7) / Math.sqrt(fanIn);
      else if (name.endsWith('/gamma')) v[i] = 1 + 0.3 * u;
      else if (name.endsWith('/moving_variance')) v[i] = 1 + 0.5 * u;
      else v[i] = 0.2 * u;
    }
    out.set(name, Float64Array.from(Float32Array.from(v)));
  }
  return out;
}

/** Encoder weights (no head) as tensors, for createDsc; the caller disposes them. */
export function randomEncoderWeights(
  channels: [number, number, number],
  seed: number,
): Map<string, tf.Tensor> {
  const shapes = paramShapes(channels, 2);
  const out = new Map<string, tf.Tensor>();
  for (const [name, v] of randomParams(channels, 2, seed)) {
    if (name !== HEAD_KERNEL && name !== HEAD_BIAS)
      out.set(name, tf.tensor(Float32Array.from(v), shapes.get(name)));
  }
  return out;
}

/**
 * A narrow encoder whose E1 sees colour: its centre tap copies +RGB and -RGB into 6 channels
 * (so the ReLU keeps both signs); E2 and E3 are random. It stands in for a pretrained encoder
 * in tests of the loop's behaviour.
 */
export function colourEncoderWeights(seed: number): Map<string, tf.Tensor> {
  const w = randomEncoderWeights([6, 8, 8], seed);
  const kernel = new Float32Array(3 * 3 * 3 * 6);
  const centre = 1 * 3 + 1;
  for (let c = 0; c < 3; c++) {
    kernel[(centre * 3 + c) * 6 + c] = 1;
    kernel[(centre * 3 + c) * 6 + c + 3] = -1;
  }
  const replace = (name: string, t: tf.Tensor) => {
    w.get(name)?.dispose();
    w.set(name, t);
  };
  replace('e1_conv/kernel', tf.tensor4d(kernel, [3, 3, 3, 6]));
  replace('e1_conv/bias', tf.zeros([6]));
  replace('e1_bn/beta', tf.zeros([6]));
  replace('e1_bn/gamma', tf.ones([6]));
  return w;
}

/**
 * A 36x24 image of 3 flat colour regions (left third; top and bottom of the rest) with uniform
 * noise of +-30, its truth, and noisy superpixels: 4x4 cells (aligned with the truth) of which
 * 8% of the pixels take the cell to their right.
 */
export function threeRegionCase(seed: number): {
  image: RgbaImage;
  truth: Int32Array;
  superpixels: LabelMap;
} {
  const width = 36;
  const height = 24;
  const rand = seededRandom(seed);
  const colours = [
    [200, 40, 40],
    [40, 180, 60],
    [50, 60, 200],
  ];
  const n = width * height;
  const truth = new Int32Array(n);
  const data = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const t = x < 12 ? 0 : y < 12 ? 1 : 2;
    truth[i] = t;
    for (let c = 0; c < 3; c++) data[i * 4 + c] = colours[t][c] + (rand() - 0.5) * 60;
    data[i * 4 + 3] = 255;
  }
  const grid = gridSuperpixels(width, height, 4).labels;
  const labels = Int32Array.from(grid);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.08) labels[i] = grid[i % width < width - 1 ? i + 1 : i - 1];
  }
  return { image: { width, height, data }, truth, superpixels: { width, height, labels } };
}

/** Segmentation covering of `truth` by `seg`: sum over truth regions of |R| max IoU, over N. */
export function covering(truth: Int32Array, seg: Int32Array): number {
  const size = (a: Int32Array) => {
    const m = new Map<number, number>();
    for (const v of a) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const st = size(truth);
  const ss = size(seg);
  const inter = new Map<string, number>();
  for (let i = 0; i < truth.length; i++) {
    const key = `${truth[i]},${seg[i]}`;
    inter.set(key, (inter.get(key) ?? 0) + 1);
  }
  let sum = 0;
  for (const [r, nr] of st) {
    let best = 0;
    for (const [s, ns] of ss) {
      const both = inter.get(`${r},${s}`) ?? 0;
      best = Math.max(best, both / (nr + ns - both));
    }
    sum += nr * best;
  }
  return sum / truth.length;
}
