import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createRgbaImage, type RgbaImage } from '../image/RgbaImage';
import {
  computeSuperpixels,
  SUPERPIXEL_ALGORITHMS,
  SUPERPIXEL_CONNECTIVITY,
  type SuperpixelAlgorithm,
} from './computeSuperpixels';
import { isEachLabelConnected } from './connectivity';
import { covering } from './partitionAgreement';
import { flatRegionsWithNoise } from './syntheticImage';
import { labelCount, withinTolerance } from './targetCount';

function readRgba(path: string): RgbaImage {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
}

/** A 120 x 80 crop of a fixture image keeps these property tests fast. */
function crop(image: RgbaImage, w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) data.set(image.data.subarray(y * image.width * 4, (y * image.width + w) * 4), y * w * 4);
  return { width: w, height: h, data };
}

const natural = crop(readRgba(resolve(import.meta.dirname, '__fixtures__/100007.png')), 120, 80);
const smallParams: Record<SuperpixelAlgorithm, Record<string, number>> = {
  slic: { nSegments: 40 },
  egb: { scale: 100 },
  ms: { hs: 5, hr: 6.5, minArea: 20 },
};

function expectWellFormed(algorithm: SuperpixelAlgorithm, labels: Int32Array, width: number, height: number) {
  expect(labels).toBeInstanceOf(Int32Array);
  expect(labels.length).toBe(width * height);
  const m = labelCount({ width, height, labels });
  // contiguous 0..M-1, numbered in order of first appearance
  let next = 0;
  let firstBad = -1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0 || labels[i] > next) {
      firstBad = i;
      break;
    }
    if (labels[i] === next) next++;
  }
  expect(firstBad).toBe(-1);
  expect(next).toBe(m);
  expect(isEachLabelConnected(labels, width, height, SUPERPIXEL_CONNECTIVITY[algorithm])).toBe(true);
}

describe('computeSuperpixels', () => {
  for (const algorithm of SUPERPIXEL_ALGORITHMS) {
    it(`${algorithm}: contiguous, connected and deterministic labels`, () => {
      const a = computeSuperpixels(natural, { algorithm, params: smallParams[algorithm] });
      const b = computeSuperpixels(natural, { algorithm, params: smallParams[algorithm] });
      expectWellFormed(algorithm, a.labels, natural.width, natural.height);
      expect(labelCount(a)).toBeGreaterThan(3);
      expect(b.labels).toEqual(a.labels);
      expect(natural.data[0]).toBe(readRgba(resolve(import.meta.dirname, '__fixtures__/100007.png')).data[0]);
    });

    it(`${algorithm}: 1x1 image and a flat colour give one superpixel`, () => {
      const one = computeSuperpixels(createRgbaImage(1, 1, [10, 20, 30, 255]), { algorithm });
      expect(Array.from(one.labels)).toEqual([0]);
      const flat = computeSuperpixels(createRgbaImage(40, 30, [90, 90, 90, 255]), {
        algorithm,
        params: algorithm === 'slic' ? { nSegments: 1 } : {},
      });
      expectWellFormed(algorithm, flat.labels, 40, 30);
      expect(labelCount(flat)).toBe(1);
    });

    it(`${algorithm}: rejects bad parameters with a message naming them`, () => {
      const main = { slic: 'nSegments', egb: 'scale', ms: 'hr' }[algorithm];
      for (const bad of [NaN, -5, Infinity, 1e12]) {
        expect(() => computeSuperpixels(natural, { algorithm, params: { [main]: bad } })).toThrow(main);
      }
      expect(() => computeSuperpixels(natural, { algorithm, params: { bogus: 1 } })).toThrow(/unknown option 'bogus'/);
      expect(() => computeSuperpixels(natural, { algorithm, targetCount: natural.width * natural.height + 1 })).toThrow(
        /exceeds the pixel count/,
      );
      expect(() => computeSuperpixels(natural, { algorithm, targetCount: 0 })).toThrow(/targetCount/);
    });

    it(`${algorithm}: aborts with an AbortError`, () => {
      const controller = new AbortController();
      controller.abort();
      expect(() => computeSuperpixels(natural, { algorithm, signal: controller.signal })).toThrow(
        expect.objectContaining({ name: 'AbortError' }) as Error,
      );
      // aborted from inside the run, through the progress callback
      const mid = new AbortController();
      const seen: number[] = [];
      expect(() =>
        computeSuperpixels(natural, {
          algorithm,
          params: smallParams[algorithm],
          signal: mid.signal,
          onProgress: (f) => {
            seen.push(f);
            mid.abort();
          },
        }),
      ).toThrow(expect.objectContaining({ name: 'AbortError' }) as Error);
      expect(seen.length).toBeGreaterThan(0);
    });

    it(`${algorithm}: reports progress rising to 1`, () => {
      const seen: number[] = [];
      computeSuperpixels(natural, { algorithm, params: smallParams[algorithm], onProgress: (f) => seen.push(f) });
      expect(seen.length).toBeGreaterThan(1);
      expect(seen[seen.length - 1]).toBe(1);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    });
  }

  for (const algorithm of SUPERPIXEL_ALGORITHMS) {
    for (const target of [40, 10]) {
      it(`${algorithm}: targetCount ${target} lands within 10%`, () => {
        const params: Record<string, number> = algorithm === 'ms' ? { hs: 5 } : {};
        const map = computeSuperpixels(natural, { algorithm, targetCount: target, params });
        expectWellFormed(algorithm, map.labels, natural.width, natural.height);
        expect(withinTolerance(labelCount(map), target)).toBe(true);
      });
    }
  }

  it('rejects an empty image and an unknown algorithm', () => {
    const empty = { width: 0, height: 0, data: new Uint8ClampedArray(0) };
    expect(() => computeSuperpixels(empty, { algorithm: 'slic' })).toThrow(/size must be positive/);
    expect(() => computeSuperpixels(natural, { algorithm: 'watershed' as SuperpixelAlgorithm })).toThrow(/unknown superpixel algorithm/);
  });

  it('a target count on a tiny image gives what the image allows', () => {
    const tiny = createRgbaImage(3, 2, [0, 0, 0, 255]);
    for (let i = 0; i < 6; i++) tiny.data[i * 4] = i * 40;
    const map = computeSuperpixels(tiny, { algorithm: 'slic', targetCount: 6 });
    expect(labelCount(map)).toBeGreaterThanOrEqual(1);
    expectWellFormed('slic', map.labels, 3, 2);
  });
});

describe('mean shift on flat regions plus Gaussian noise', () => {
  it('recovers the regions (covering >= 0.95)', () => {
    const { image, truth } = flatRegionsWithNoise(120, 90, 10, 7);
    const map = computeSuperpixels(image, { algorithm: 'ms' });
    expectWellFormed('ms', map.labels, 120, 90);
    expect(covering(map.labels, truth)).toBeGreaterThanOrEqual(0.95);
    expect(covering(truth, map.labels)).toBeGreaterThanOrEqual(0.95);
  });

  it('the same image without the high speedup agrees with it', () => {
    const { image, truth } = flatRegionsWithNoise(60, 45, 6, 3);
    const fast = computeSuperpixels(image, { algorithm: 'ms', params: { hs: 5 } });
    const slow = computeSuperpixels(image, { algorithm: 'ms', params: { hs: 5, speedup: 'none' } });
    expect(covering(fast.labels, truth)).toBeGreaterThanOrEqual(0.95);
    expect(covering(slow.labels, truth)).toBeGreaterThanOrEqual(0.95);
  });
});
