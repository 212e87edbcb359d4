import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeModelHandler } from '../../cli/io/nodeModelHandler';
import { loadSuperAE } from './loadSuperAE';

// Fixture: training/make_parity_fixture.py (PyTorch, eval mode) for models/superae.
const FIXTURE_DIR = resolve(import.meta.dirname, '__fixtures__');
const MODEL_DIR = resolve(import.meta.dirname, '../../../models/superae');
const TOLERANCE = 1e-4;

interface FixtureMeta {
  arrays: Record<'input' | 'reconstruction' | 'e3', { shape: number[]; byteOffset: number; length: number }>;
  modelShardSha256: string;
}

function fixtureArray(bin: Buffer, meta: FixtureMeta, name: keyof FixtureMeta['arrays']): Float32Array {
  const a = meta.arrays[name];
  const bytes = bin.subarray(a.byteOffset, a.byteOffset + a.length * 4);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('SuperAE tfjs export matches PyTorch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reconstruction and E3 agree within 1e-4 on the cpu backend', async () => {
    const meta = JSON.parse(readFileSync(resolve(FIXTURE_DIR, 'superae_parity.json'), 'utf8')) as FixtureMeta;
    const bin = readFileSync(resolve(FIXTURE_DIR, 'superae_parity.bin'));
    const shard = readFileSync(resolve(MODEL_DIR, 'group1-shard1of1.bin'));
    // The fixture belongs to one set of weights: regenerate it after re-exporting the model.
    expect(createHash('sha256').update(shard).digest('hex')).toBe(meta.modelShardSha256);

    const ae = await loadSuperAE(nodeModelHandler(resolve(MODEL_DIR, 'model.json')), { warmUp: false });
    const [, h, w] = meta.arrays.input.shape;
    const x = tf.tensor4d(fixtureArray(bin, meta, 'input'), [1, h, w, 3]);
    const out = ae.predict(x);
    expect(out.reconstruction.shape).toEqual(meta.arrays.reconstruction.shape);
    expect(out.e3.shape).toEqual(meta.arrays.e3.shape);
    const dRecon = maxAbsDiff(await out.reconstruction.data(), fixtureArray(bin, meta, 'reconstruction'));
    const dE3 = maxAbsDiff(await out.e3.data(), fixtureArray(bin, meta, 'e3'));
    tf.dispose([x, out.reconstruction, out.e1, out.e2, out.e3]);
    ae.dispose();
    expect(dRecon).toBeLessThanOrEqual(TOLERANCE);
    expect(dE3).toBeLessThanOrEqual(TOLERANCE);
  });
});
