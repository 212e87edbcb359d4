import { describe, expect, it } from 'vitest';
import { rgbaToLab, rgbaToLuv, rgbRange } from './colour';
import { connectedComponents, isEachLabelConnected } from './connectivity';
import { gaussianBlur3, gaussianBlurRgba } from './gaussianBlur';
import { covering, randIndex } from './partitionAgreement';
import { argsortNonNegativeFloat32 } from './radixSort';

describe('superpixel helpers', () => {
  it('argsort orders non-negative floats stably', () => {
    const keys = Float32Array.from([3.5, 0, 1e-30, 2, 3.5, 1e30, 2, 0.25]);
    const order = Array.from(argsortNonNegativeFloat32(keys.slice()));
    const expected = Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
    expect(order).toEqual(expected);
  });

  // sigma 0.8 takes the unrolled radius-3 passes, 1.3 the general ones.
  it.each([0.8, 1.3])('Gaussian blur (sigma %s) matches a direct convolution with reflected borders', (sigma) => {
    const w = 7, h = 5;
    const src = new Float64Array(w * h * 3);
    for (let i = 0; i < src.length; i++) src[i] = (i * 37) % 11;
    const out = src.slice();
    gaussianBlur3(out, w, h, sigma);
    const r = Math.floor(4 * sigma + 0.5);
    const refl = (i: number, n: number) => {
      const p = 2 * n;
      let j = ((i % p) + p) % p;
      if (j >= n) j = p - 1 - j;
      return j;
    };
    let norm = 0;
    for (let k = -r; k <= r; k++) norm += Math.exp((-k * k) / (2 * sigma * sigma));
    let maxErr = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
      let acc = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
        const wgt = Math.exp((-dx * dx - dy * dy) / (2 * sigma * sigma)) / (norm * norm);
        acc += wgt * src[(refl(y + dy, h) * w + refl(x + dx, w)) * 3 + c];
      }
      maxErr = Math.max(maxErr, Math.abs(acc - out[(y * w + x) * 3 + c]));
    }
    expect(maxErr).toBeLessThan(1e-9);
  });

  it.each([0, 0.8, 1.3])('Gaussian blur of RGBA bytes (sigma %s) equals the blur of their float copy', (sigma) => {
    const w = 9, h = 6;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 53) % 256;
    const rgb = new Float64Array(w * h * 3);
    for (let p = 0; p < w * h; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c];
    gaussianBlur3(rgb, w, h, sigma);
    expect(Array.from(gaussianBlurRgba(rgba, w, h, sigma))).toEqual(Array.from(rgb));
  });

  it('colour conversions give the CIE values of white, black and sRGB red', () => {
    const px = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]);
    const lab = rgbaToLab(px);
    expect(lab[0]).toBeCloseTo(100, 3);
    expect(Math.abs(lab[1]) + Math.abs(lab[2])).toBeLessThan(0.01);
    expect(lab[3]).toBeCloseTo(0, 6);
    // sRGB red: L 53.24, a 80.09, b 67.20 (scikit-image rgb2lab)
    expect(lab[6]).toBeCloseTo(53.24, 1);
    expect(lab[7]).toBeCloseTo(80.09, 1);
    expect(lab[8]).toBeCloseTo(67.2, 1);
    const luv = rgbaToLuv(px);
    expect(luv[0]).toBeCloseTo(100, 3);
    // sRGB red: u 175.0, v 37.8 (scikit-image rgb2luv)
    expect(luv[7]).toBeCloseTo(175.0, 0);
    expect(luv[8]).toBeCloseTo(37.8, 0);
  });

  it('rgbRange finds the extremes of R, G and B wherever they are, ignoring alpha', () => {
    const data = new Uint8ClampedArray(4 * 3000).fill(100);
    for (let i = 3; i < data.length; i += 4) data[i] = 255;
    expect(rgbRange(data)).toEqual({ min: 100, max: 100 });
    data[4 * 2500 + 2] = 7; // past the first blocks
    data[4 * 2999 + 1] = 254; // the last pixel
    expect(rgbRange(data)).toEqual({ min: 7, max: 254 });
    data[0] = 0;
    data[1] = 255;
    expect(rgbRange(data)).toEqual({ min: 0, max: 255 });
  });

  it('connected components split a label that touches only diagonally under 4-connectivity', () => {
    // 1 0
    // 0 1
    const labels = Int32Array.from([1, 0, 0, 1]);
    expect(connectedComponents(labels, 2, 2, 4).count).toBe(4);
    expect(connectedComponents(labels, 2, 2, 8).count).toBe(2);
    expect(isEachLabelConnected(labels, 2, 2, 8)).toBe(true);
    expect(isEachLabelConnected(labels, 2, 2, 4)).toBe(false);
    expect(Array.from(connectedComponents(Int32Array.from([5, 5, 7, 5]), 2, 2, 4).labels)).toEqual([0, 0, 1, 0]);
  });

  it('Rand index and covering: identity, refinement, disagreement', () => {
    const a = Int32Array.from([0, 0, 1, 1]);
    expect(randIndex(a, a)).toBe(1);
    expect(covering(a, a)).toBe(1);
    const fine = Int32Array.from([0, 1, 2, 3]);
    // pairs: (0,1) and (2,3) together in a, apart in fine: 2 of 6 disagree
    expect(randIndex(a, fine)).toBeCloseTo(4 / 6, 12);
    // each region of a is best covered by a single pixel: IoU 1/2
    expect(covering(fine, a)).toBeCloseTo(0.5, 12);
  });
});
