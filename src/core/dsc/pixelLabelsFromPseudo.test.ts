import { describe, expect, it } from 'vitest';
import { relabelByFirstAppearance } from '../image/LabelMap';
import { seededRandom } from './dscTestUtils';
import { firstAppearanceOrder, pixelLabelsFromPseudo } from './pixelLabelsFromPseudo';

describe('pixelLabelsFromPseudo', () => {
  it('equals relabelByFirstAppearance of the per-pixel labels on random superpixel maps', () => {
    const rand = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const m = 2 + Math.floor(rand() * 40);
      const n = m + Math.floor(rand() * 300);
      // Every superpixel present, in a shuffled order of first appearance.
      const ids = Int32Array.from({ length: n }, (_, i) => (i < m ? i : Math.floor(rand() * m)));
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [ids[i], ids[j]] = [ids[j], ids[i]];
      }
      const k = 1 + Math.floor(rand() * 8);
      const pseudo = Float32Array.from({ length: m }, () => Math.floor(rand() * k));
      const expected = relabelByFirstAppearance(Array.from(ids, (s) => pseudo[s]));
      const got = pixelLabelsFromPseudo(ids, firstAppearanceOrder(ids, m), pseudo);
      expect(got.count).toBe(expected.count);
      expect(Array.from(got.labels)).toEqual(Array.from(expected.labels));
    }
  });

  it('orders superpixels by their first pixel', () => {
    expect(Array.from(firstAppearanceOrder(Int32Array.from([2, 2, 0, 1, 0, 2]), 3))).toEqual([2, 0, 1]);
  });
});
