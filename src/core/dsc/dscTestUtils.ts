import type { LabelMap } from '../image/LabelMap';
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

/** An image of random colours. */
export function randomImage(width: number, height: number, seed: number): RgbaImage {
  const rand = seededRandom(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : Math.floor(rand() * 256);
  return { width, height, data };
}

/** Superpixels as a grid of cells of `cell` x `cell` pixels. */
export function gridSuperpixels(width: number, height: number, cellW: number, cellH = cellW): LabelMap {
  const labels = new Int32Array(width * height);
  const cols = Math.ceil(width / cellW);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = Math.floor(Math.floor(i / width) / cellH) * cols + Math.floor((i % width) / cellW);
  }
  return { width, height, labels };
}
