import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../cli/io/readImage';
import type { RgbaImage } from '../image/RgbaImage';
import { firstDifference } from '../../testing/firstDifference';
import { meanShiftMerge, meanShiftRegions, validateMeanShiftOptions, type MeanShiftOptions } from './meanShift';
import { meanShiftWasmAvailable } from './meanShiftWasm';
import { flatRegionsWithNoise } from './syntheticImage';

const readRgba = (name: string): RgbaImage => readImage(resolve(import.meta.dirname, '__fixtures__', name));

// 241 x 161 photographs (windows clipped at every border) and a synthetic image, under the
// options that change the kernel's inputs.
const images: Array<[string, RgbaImage]> = [
  ['100007', readRgba('100007.png')],
  ['100039', readRgba('100039.png')],
  ['synthetic 90x61', flatRegionsWithNoise(90, 61, 12, 3).image],
];
const variants: MeanShiftOptions[] = [
  {},
  { colourSpace: 'lab', hr: 9 },
  { hs: 4.5, hr: 4 },
  { hs: 10, maxIter: 3 },
  { speedup: 'none', maxIter: 4 },
];

describe('mean shift mode filtering kernels', () => {
  it('WebAssembly is available in Node (so the comparison below runs)', () => {
    expect(meanShiftWasmAvailable()).toBe(true);
  });

  for (const [name, image] of images) {
    for (const v of variants) {
      it(`JavaScript and WebAssembly give the same regions and labels: ${name} ${JSON.stringify(v)}`, () => {
        const o = validateMeanShiftOptions(v);
        const js = meanShiftRegions(image, o, {}, 'js');
        const wasm = meanShiftRegions(image, o, {}, 'wasm');
        expect(wasm.regionCount).toBe(js.regionCount);
        expect(firstDifference(wasm.region, js.region)).toBe(-1);
        // Mode sums per region: the modes themselves, bit for bit, summed in pixel order.
        expect(firstDifference(wasm.sumColour, js.sumColour)).toBe(-1);
        const a = meanShiftMerge(js, o.minArea).labels;
        expect(firstDifference(meanShiftMerge(wasm, o.minArea).labels, a)).toBe(-1);
        // not trivially equal: several regions
        expect(new Set(a).size).toBeGreaterThan(3);
      });
    }
  }
});
