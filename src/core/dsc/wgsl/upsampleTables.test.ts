import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bilinearMatrix } from '../bilinearMatrix';
import { gridSuperpixels, randomImage } from '../dscTestUtils';
import { prepareDscInputs } from '../prepareDscInputs';
import { upsampleTables } from './headWgsl';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('upsampleTables (the WGSL head)', () => {
  it('holds the bilinear matrices as taps, and for each input the range of outputs that read it', () => {
    // 19 x 27 padded to 20 x 28: E2 10 x 14, E3 5 x 7, the last row and column cropped.
    const [h, w, h2, w2, h3, w3] = [19, 27, 10, 14, 5, 7];
    const mats = [
      bilinearMatrix(h2, 20, h),
      bilinearMatrix(w2, 28, w),
      bilinearMatrix(h3, 20, h),
      bilinearMatrix(w3, 28, w),
    ];
    const t = upsampleTables(h, w, mats[0], mats[1], mats[2], mats[3], [h2, w2, h3, w3]);
    const outs = [h, w, h, w];
    const ins = [h2, w2, h3, w3];
    expect(t.length).toBe(4 * (2 * h + 2 * w) + 2 * (h2 + w2 + h3 + w3));
    let at = 0;
    let spansAt = 4 * (2 * h + 2 * w);
    mats.forEach((r, m) => {
      const [out, inSize] = [outs[m], ins[m]];
      // The taps rebuild the matrix exactly.
      const rebuilt = new Float32Array(out * inSize);
      for (let o = 0; o < out; o++) {
        const [i0, i1, w0, w1] = t.subarray(at + 4 * o, at + 4 * o + 4);
        rebuilt[o * inSize + i0] += w0;
        rebuilt[o * inSize + i1] += w1;
      }
      expect(Array.from(rebuilt)).toEqual(Array.from(r));
      // Input i's span is exactly the outputs with a nonzero weight on it.
      for (let i = 0; i < inSize; i++) {
        const [lo, hi] = t.subarray(spansAt + 2 * i, spansAt + 2 * i + 2);
        const readers = Array.from({ length: out }, (_, o) => o).filter((o) => r[o * inSize + i] !== 0);
        expect(readers).toEqual(Array.from({ length: hi - lo }, (_, d) => lo + d));
      }
      at += 4 * out;
      spansAt += 2 * inSize;
    });
  });

  it('prepareDscInputs with wgsl groups the pixels by superpixel (members, offsets)', () => {
    const image = randomImage(13, 10, 3);
    const sp = gridSuperpixels(13, 10, 4, 3);
    const inputs = prepareDscInputs(image, sp, Infinity, { wgsl: true });
    try {
      const members = inputs.members!.dataSync();
      const offsets = inputs.offsets!.dataSync();
      expect(offsets.length).toBe(inputs.m + 1);
      expect(offsets[inputs.m]).toBe(13 * 10);
      expect(Array.from(members).sort((a, b) => a - b)).toEqual(Array.from({ length: 130 }, (_, i) => i));
      for (let j = 0; j < inputs.m; j++)
        for (let p = offsets[j]; p < offsets[j + 1]; p++) expect(inputs.superpixelIds[members[p]]).toBe(j);
      expect(inputs.upsampleTables!.size).toBeGreaterThan(0);
    } finally {
      inputs.dispose();
    }
  });
});
