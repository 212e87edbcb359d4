import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../testing/firstDifference';
import { sortByNonNegativeFloat32 } from './radixSort';

/** Keys with many ties, zeros, subnormals and large values; payload = original index. */
function pairs(n: number, seed: number): { keys: Float32Array; payload: Int32Array } {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const keys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = next();
    keys[i] = u < 0.1 ? 0 : u < 0.15 ? 1e-40 * next() : u < 0.5 ? Math.floor(next() * 50) : next() * 1e6;
  }
  return { keys, payload: Int32Array.from({ length: n }, (_, i) => i) };
}

describe('sortByNonNegativeFloat32 kernels', () => {
  for (const n of [0, 1, 7, 5000, 70000]) {
    it(`JavaScript and WebAssembly give the same stable order (n = ${n})`, () => {
      const js = pairs(n, n + 1);
      const wasm = pairs(n, n + 1);
      const expected = Array.from(js.payload).sort((a, b) => js.keys[a] - js.keys[b] || a - b);
      sortByNonNegativeFloat32(js.keys, js.payload, 'js');
      sortByNonNegativeFloat32(wasm.keys, wasm.payload, 'wasm');
      expect(Array.from(js.payload)).toEqual(expected);
      expect(firstDifference(wasm.payload, js.payload)).toBe(-1);
      expect(firstDifference(wasm.keys, js.keys)).toBe(-1);
    });
  }
});
