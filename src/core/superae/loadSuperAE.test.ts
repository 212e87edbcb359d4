import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeModelHandler } from '../../cli/io/nodeModelHandler';
import { ENCODER_CHANNELS, SUPERAE_LAYERS } from './buildSuperAE';
import { loadSuperAE, SuperAELoadError, type SuperAE } from './loadSuperAE';
import { modelArtifacts } from './modelArtifacts';
import { padToMultiple } from './padToMultiple';

const MODEL_DIR = resolve(import.meta.dirname, '../../../models/superae');
const SHARDS = (JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8')) as tf.io.ModelJSON).weightsManifest.flatMap(
  (g) => g.paths,
);

interface ModelFiles {
  json: string;
  /** The shards, in manifest order. */
  shards: string[];
}

/** A copy of models/superae in a temporary folder, with `edit` applied to its files. */
function modelCopy(dir: string, edit: (files: ModelFiles) => void): string {
  for (const f of ['model.json', ...SHARDS]) copyFileSync(join(MODEL_DIR, f), join(dir, f));
  edit({ json: join(dir, 'model.json'), shards: SHARDS.map((f) => join(dir, f)) });
  return join(dir, 'model.json');
}

describe('loadSuperAE', () => {
  let ae: SuperAE;
  let tmp: string;
  const progress: number[] = [];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    tmp = mkdtempSync(join(tmpdir(), 'superae-'));
    ae = await loadSuperAE(nodeModelHandler(join(MODEL_DIR, 'model.json')), {
      onProgress: (f) => progress.push(f),
    });
  });

  afterAll(() => {
    ae.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reports progress monotonically, ending at 1', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
  });

  it('predicts any size, padding to multiples of 4 and cropping the outputs back', () => {
    const x = tf.randomUniform([1, 10, 13, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const out = ae.predict(x);
    expect(out.reconstruction.shape).toEqual([1, 10, 13, 3]);
    expect(out.e1.shape).toEqual([1, 10, 13, ENCODER_CHANNELS[0]]);
    expect(out.e2.shape).toEqual([1, 5, 7, ENCODER_CHANNELS[1]]);
    expect(out.e3.shape).toEqual([1, 3, 4, ENCODER_CHANNELS[2]]);
    // Same values as the raw model on the explicitly padded input, cropped.
    const raw = tf.tidy(() => (ae.model.predict(padToMultiple(x)) as tf.Tensor[])[0].slice([0, 0, 0, 0], [-1, 10, 13, -1]));
    expect(tf.max(tf.abs(tf.sub(raw, out.reconstruction))).dataSync()[0]).toBeLessThan(1e-6);
    const r = out.reconstruction.dataSync();
    expect(Math.min(...r)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r)).toBeLessThanOrEqual(1);
    tf.dispose([x, raw, out.reconstruction, out.e1, out.e2, out.e3]);
  });

  it('does not grow tf.memory().numTensors across calls', async () => {
    const image = { width: 9, height: 6, data: new Uint8ClampedArray(9 * 6 * 4).fill(128) };
    const x = tf.ones([1, 6, 9, 3]) as tf.Tensor4D;
    const once = async () => {
      const out = ae.predict(x);
      tf.dispose([out.reconstruction, out.e1, out.e2, out.e3]);
      const rec = await ae.reconstruct(image);
      expect(rec.width * rec.height).toBe(54);
      expect(rec.data[3]).toBe(255);
      ae.weights();
    };
    await once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await once();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('exposes every layer weight by its tfjs name', () => {
    const w = ae.weights();
    expect(w[`${SUPERAE_LAYERS.e1.conv}/kernel`].shape).toEqual([3, 3, 3, 64]);
    expect(w[`${SUPERAE_LAYERS.e3.bn}/moving_variance`].shape).toEqual([256]);
    expect(w[`${SUPERAE_LAYERS.d1.deconv}/kernel`].shape).toEqual([4, 4, 128, 256]);
    expect(Object.keys(w)).toHaveLength(32);
  });

  it('rejects a bad input shape', () => {
    const x = tf.zeros([1, 4, 4, 4]) as tf.Tensor4D;
    expect(() => ae.predict(x)).toThrow(/\[B, H, W, 3\]/);
    x.dispose();
  });

  it('loads from a URL, reporting progress, and names a URL that is not there', async () => {
    const server: Server = createServer((req, res) => {
      const file = join(MODEL_DIR, (req.url ?? '').replace(/^\/+/, ''));
      if (!existsSync(file)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.end(readFileSync(file));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const seen: number[] = [];
      const viaUrl = await loadSuperAE(`${base}/model.json`, { onProgress: (f) => seen.push(f), warmUp: false });
      viaUrl.dispose();
      expect(seen[seen.length - 1]).toBe(1);
      expect(seen.length).toBeGreaterThan(1); // tfjs' http loader reports the shard download
      const err = await loadSuperAE(`${base}/absent/model.json`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SuperAELoadError);
      expect((err as Error).message).toContain(`${base}/absent/model.json`);
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it('names the source when the model file is missing', async () => {
    const missing = join(tmp, 'nowhere', 'model.json');
    const err = await loadSuperAE(nodeModelHandler(missing)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuperAELoadError);
    expect((err as Error).message).toContain('nowhere');
  });

  it('fails clearly on corrupt JSON, a truncated shard, or non-finite weights', async () => {
    const cases: Array<[string, (f: ModelFiles) => void, RegExp]> = [
      ['json', (f) => writeFileSync(f.json, '{"modelTopology": '), /JSON|could not be loaded/],
      [
        'short',
        (f) => writeFileSync(f.shards[f.shards.length - 1], readFileSync(f.shards[f.shards.length - 1]).subarray(1)),
        /bytes.*truncated/,
      ],
      ['missing shard', (f) => rmSync(f.shards[0]), /could not be loaded.*no such file/],
      [
        'nan',
        (f) => {
          const b = readFileSync(f.shards[0]);
          b.writeFloatLE(Number.NaN, 0); // first weight: e1_conv/kernel
          writeFileSync(f.shards[0], b);
        },
        /e1_conv\/kernel has non-finite/,
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [name, edit, message] of cases) {
      const dir = mkdtempSync(join(tmp, `${name}-`));
      const err = await loadSuperAE(nodeModelHandler(modelCopy(dir, edit))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SuperAELoadError);
      expect(`${name}: ${(err as Error).message}`).toMatch(message);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a model that is not the SuperAE', async () => {
    const other = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const artifacts = await modelArtifacts(other);
    other.dispose();
    const err = await loadSuperAE(tf.io.fromMemory(artifacts)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuperAELoadError);
    expect((err as Error).message).toMatch(/could not be loaded.*weights do not match/);
  });

  it('throws after dispose', async () => {
    const other = await loadSuperAE(nodeModelHandler(join(MODEL_DIR, 'model.json')), { warmUp: false });
    other.dispose();
    expect(() => other.weights()).toThrow(/dispose/);
  });
});
