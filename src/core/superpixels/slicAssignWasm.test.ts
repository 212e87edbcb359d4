import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../cli/io/readImage';
import type { RgbaImage } from '../image/RgbaImage';
import { firstDifference } from '../../testing/firstDifference';
import { prepareSlic, slicCluster, validateSlicOptions, type SlicOptions } from './slic';
import { slicWasmAvailable } from './slicAssignWasm';
import { flatRegionsWithNoise } from './syntheticImage';

const readRgba = (name: string): RgbaImage => readImage(resolve(import.meta.dirname, '__fixtures__', name));

// 241 x 161 photographs (odd widths: windows with a last column outside the SIMD pairs) and a
// synthetic image, under the options that change the kernel's inputs.
const images: Array<[string, RgbaImage]> = [
  ['100007', readRgba('100007.png')],
  ['100039', readRgba('100039.png')],
  ['synthetic 90x61', flatRegionsWithNoise(90, 61, 12, 3).image],
];
const variants: SlicOptions[] = [
  {},
  { nSegments: 400, compactness: 3 },
  { slicZero: true },
  { skimageCompat: true },
  { sigma: 1.5, nSegments: 30 },
];

describe('slic assignment kernels', () => {
  it('WebAssembly SIMD is available in Node (so the comparison below runs)', () => {
    expect(slicWasmAvailable()).toBe(true);
  });

  for (const [name, image] of images) {
    for (const v of variants) {
      it(`JavaScript and WebAssembly give the same labels: ${name} ${JSON.stringify(v)}`, () => {
        const o = validateSlicOptions({ maxNumIter: 4, ...v });
        const input = prepareSlic(image, o.sigma);
        const js = slicCluster(input, o, {}, 'js');
        const wasm = slicCluster(input, o, {}, 'wasm');
        expect(wasm.seeds).toBe(js.seeds);
        expect(firstDifference(wasm.labels, js.labels)).toBe(-1);
        // not trivially equal: several clusters
        expect(new Set(js.labels).size).toBeGreaterThan(5);
      });
    }
  }
});
