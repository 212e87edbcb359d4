/**
 * Reads the SuperAE parity fixture (__fixtures__/superae_parity.{json,bin}, written by
 * training/make_parity_fixture.py): a fixed input and PyTorch's reconstruction and E3 for the
 * weights in models/superae. Pure: the caller fetches or reads the two files (Node test: node:fs;
 * browser e2e: fetch), so the same check can run on any tfjs backend.
 */
export interface ParityFixtureMeta {
  dtype: 'float32';
  layout: 'NHWC';
  arrays: Record<ParityArrayName, { shape: number[]; byteOffset: number; length: number }>;
  /** sha256 (hex) of models/superae's weight bytes (its shards in manifest order). */
  modelWeightsSha256: string;
}

export type ParityArrayName = 'input' | 'reconstruction' | 'e3';

export interface ParityArray {
  shape: [number, number, number, number];
  values: Float32Array;
}

/** The three arrays of the fixture, checked against the metadata. */
export function parseParityFixture(meta: ParityFixtureMeta, bin: ArrayBuffer): Record<ParityArrayName, ParityArray> {
  if (meta.dtype !== 'float32' || meta.layout !== 'NHWC') {
    throw new Error(`parity fixture must be float32 NHWC, got ${meta.dtype} ${meta.layout}`);
  }
  const read = (name: ParityArrayName): ParityArray => {
    const a = meta.arrays[name];
    if (!a || a.shape.length !== 4 || a.shape.reduce((p, d) => p * d, 1) !== a.length) {
      throw new Error(`parity fixture: bad entry for ${name}`);
    }
    if (a.byteOffset % 4 !== 0 || a.byteOffset + a.length * 4 > bin.byteLength) {
      throw new Error(`parity fixture: ${name} lies outside the ${bin.byteLength}-byte binary`);
    }
    return {
      shape: a.shape as ParityArray['shape'],
      values: new Float32Array(bin.slice(a.byteOffset, a.byteOffset + a.length * 4)),
    };
  };
  return { input: read('input'), reconstruction: read('reconstruction'), e3: read('e3') };
}

/** Largest absolute difference of two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Infinity : m;
}
