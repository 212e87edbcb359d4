import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../cli/io/readImage';
import type { RgbaImage } from '../image/RgbaImage';
import { firstDifference } from '../../testing/firstDifference';
import { felzenszwalbGraph, felzenszwalbSegment } from './felzenszwalb';
import { felzenszwalbWasmAvailable } from './felzenszwalbMergeWasm';
import { flatRegionsWithNoise } from './syntheticImage';

const readRgba = (name: string): RgbaImage => readImage(resolve(import.meta.dirname, '__fixtures__', name));

const images: Array<[string, RgbaImage]> = [
  ['100007', readRgba('100007.png')],
  ['100099', readRgba('100099.png')],
  ['synthetic 90x61', flatRegionsWithNoise(90, 61, 12, 3).image],
];
const settings = [
  { scale: 100, minSize: 20 },
  { scale: 1, minSize: 0 },
  { scale: 500, minSize: 1 },
  { scale: 30, minSize: 150 },
];

describe('felzenszwalb kernels', () => {
  it('WebAssembly is available in Node (so the comparison below runs)', () => {
    expect(felzenszwalbWasmAvailable()).toBe(true);
  });

  for (const [name, image] of images) {
    it(`JavaScript and WebAssembly give the same graph: ${name}`, () => {
      for (const sigma of [0.8, 0.63]) {
        const js = felzenszwalbGraph(image, sigma, {}, 'js');
        const wasm = felzenszwalbGraph(image, sigma, {}, 'wasm');
        expect(firstDifference(wasm.weight, js.weight), `sigma ${sigma}`).toBe(-1);
        expect(firstDifference(wasm.edge, js.edge), `sigma ${sigma}`).toBe(-1);
      }
    });

    it(`JavaScript and WebAssembly give the same labels: ${name}`, () => {
      const g = felzenszwalbGraph(image, 0.8, {}, 'js');
      for (const { scale, minSize } of settings) {
        const js = felzenszwalbSegment(g, scale, minSize, {}, 'js');
        const wasm = felzenszwalbSegment(g, scale, minSize, {}, 'wasm');
        expect(firstDifference(wasm.labels, js.labels), `scale ${scale} minSize ${minSize}`).toBe(-1);
        // not trivially equal: several segments
        expect(new Set(js.labels).size).toBeGreaterThan(3);
      }
    });
  }

  it('the WebAssembly graph covers Gaussian radius 3 only; other sigmas run in JavaScript', () => {
    const image = images[2][1];
    expect(() => felzenszwalbGraph(image, 1.5, {}, 'wasm')).toThrow(/sigma in \[0.625, 0.875\)/);
    expect(firstDifference(felzenszwalbGraph(image, 1.5).weight, felzenszwalbGraph(image, 1.5, {}, 'js').weight)).toBe(-1);
  });
});
