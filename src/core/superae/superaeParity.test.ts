import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeModelHandler } from '../../cli/io/nodeModelHandler';
import { buildSuperAE } from './buildSuperAE';
import { loadSuperAE } from './loadSuperAE';
import { modelArtifacts } from './modelArtifacts';
import { maxAbsDiff, parseParityFixture, type ParityFixtureMeta } from './parityFixture';

// Fixture: training/make_parity_fixture.py (PyTorch, eval mode) for models/superae.
const FIXTURE_DIR = resolve(import.meta.dirname, '__fixtures__');
const MODEL_DIR = resolve(import.meta.dirname, '../../../models/superae');
const TOLERANCE = 1e-4;

describe('SuperAE tfjs export matches PyTorch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reconstruction and E3 agree within 1e-4 on the cpu backend', async () => {
    const meta = JSON.parse(readFileSync(resolve(FIXTURE_DIR, 'superae_parity.json'), 'utf8')) as ParityFixtureMeta;
    const bin = readFileSync(resolve(FIXTURE_DIR, 'superae_parity.bin'));
    const fx = parseParityFixture(meta, bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    // The fixture belongs to one set of weights: regenerate it after re-exporting the model.
    const manifest = (JSON.parse(readFileSync(resolve(MODEL_DIR, 'model.json'), 'utf8')) as tf.io.ModelJSON)
      .weightsManifest;
    const hash = createHash('sha256');
    for (const p of manifest.flatMap((g) => g.paths)) hash.update(readFileSync(resolve(MODEL_DIR, p)));
    expect(hash.digest('hex')).toBe(meta.modelWeightsSha256);

    const ae = await loadSuperAE(nodeModelHandler(resolve(MODEL_DIR, 'model.json')), { warmUp: false });
    const x = tf.tensor4d(fx.input.values, fx.input.shape);
    const out = ae.predict(x);
    expect(out.reconstruction.shape).toEqual(fx.reconstruction.shape);
    expect(out.e3.shape).toEqual(fx.e3.shape);
    const dRecon = maxAbsDiff(await out.reconstruction.data(), fx.reconstruction.values);
    const dE3 = maxAbsDiff(await out.e3.data(), fx.e3.values);
    tf.dispose([x, out.reconstruction, out.e1, out.e2, out.e3]);
    ae.dispose();
    expect(dRecon).toBeLessThanOrEqual(TOLERANCE);
    expect(dE3).toBeLessThanOrEqual(TOLERANCE);
  });

  it('the exported topology is the one buildSuperAE.ts builds today', async () => {
    // Fails when buildSuperAE.ts changes without `npm run superae:topology` and a re-export.
    const model = buildSuperAE();
    const built = await modelArtifacts(model);
    model.dispose();
    const captured = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../training/superae_topology.json'), 'utf8'),
    ) as { modelTopology: unknown; weightSpecs: unknown };
    const exported = JSON.parse(readFileSync(resolve(MODEL_DIR, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    expect(captured.modelTopology).toEqual(built.modelTopology);
    expect(exported.modelTopology).toEqual(built.modelTopology);
    expect(exported.weightsManifest.flatMap((g) => g.weights)).toEqual(built.weightSpecs);
  });

  it('parseParityFixture rejects an entry outside the binary', () => {
    const meta: ParityFixtureMeta = {
      dtype: 'float32',
      layout: 'NHWC',
      modelWeightsSha256: '',
      arrays: {
        input: { shape: [1, 1, 1, 3], byteOffset: 0, length: 3 },
        reconstruction: { shape: [1, 1, 1, 3], byteOffset: 12, length: 3 },
        e3: { shape: [1, 1, 1, 2], byteOffset: 24, length: 2 },
      },
    };
    expect(Array.from(parseParityFixture(meta, new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer).e3.values)).toEqual([7, 8]);
    expect(() => parseParityFixture(meta, new ArrayBuffer(28))).toThrow(/e3 lies outside/);
    expect(maxAbsDiff([1, Number.NaN], [1, 2])).toBe(Infinity);
  });
});
