import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSuperAE } from '../core/superae/buildSuperAE';
import type { DscReply, DscRequest } from './dscProtocol';
import { DscService } from './dscService';

const W = 16;
const H = 12;

function image(): { width: number; height: number; data: ArrayBuffer } {
  const d = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) d.set(x < W / 2 ? [220, 40, 30, 255] : [30, 60, 210, 255], (y * W + x) * 4);
  return { width: W, height: H, data: d.buffer };
}

function superpixels(): { width: number; height: number; labels: ArrayBuffer } {
  const l = new Int32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) l[y * W + x] = Math.floor(x / 4) + 4 * Math.floor(y / 6);
  return { width: W, height: H, labels: l.buffer };
}

/** A random-weight SuperAE, saved to memory, so the service loads it as it would the real one. */
async function memoryModel(): Promise<tf.io.IOHandler> {
  const model = buildSuperAE(3);
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return tf.io.fromMemory(artifacts!);
}

describe('DscService (the DSC worker logic) on the cpu backend', () => {
  const replies: DscReply[] = [];
  let service: DscService;
  let waiters: (() => void)[] = [];
  const send = (m: DscRequest) => service.handle(m);
  const until = async (pred: (r: DscReply) => boolean): Promise<DscReply> => {
    for (;;) {
      const found = replies.find(pred);
      if (found) return found;
      await new Promise<void>((r) => waiters.push(r));
    }
  };

  beforeAll(async () => {
    const handler = await memoryModel();
    service = new DscService(
      (r) => {
        replies.push(r);
        const w = waiters;
        waiters = [];
        w.forEach((f) => f());
      },
      {
        setBackend: async () => {
          await tf.setBackend('cpu');
          return { name: 'cpu', reasons: ['tests run on cpu'] };
        },
        modelSource: () => handler,
      },
    );
  });
  afterAll(() => service.dispose());

  it('reports an error reply, not an exception, when asked to run before the model is loaded', async () => {
    await send({ type: 'reconstruct', id: 1, image: image() });
    const r = await until((x) => x.type === 'error' && x.id === 1);
    expect(r).toMatchObject({ type: 'error', message: expect.stringMatching(/not loaded/) });
  });

  it('loads the model with progress and reports ready', async () => {
    await send({ type: 'init', backend: 'webgpu', modelUrl: 'memory://superae' });
    const ready = await until((x) => x.type === 'ready');
    expect(ready).toEqual({ type: 'ready', backend: 'cpu', reasons: ['tests run on cpu'], modelError: null });
    expect(replies.some((x) => x.type === 'loading' && x.what === 'model' && x.fraction === 1)).toBe(true);
  });

  it('reconstructs an image at its own size', async () => {
    await send({ type: 'reconstruct', id: 2, image: image() });
    const r = await until((x) => x.type === 'reconstruction' && x.id === 2);
    if (r.type !== 'reconstruction') throw new Error('unreachable');
    expect([r.image.width, r.image.height, r.image.data.byteLength]).toEqual([W, H, W * H * 4]);
  });

  it('predicts raw outputs for a float input without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const input = new Float32Array(H * W * 3).map((_, i) => (i % 7) / 7);
    await send({ type: 'predict', id: 20, input: input.buffer, shape: [1, H, W, 3] });
    const r = await until((x) => x.type === 'prediction' && x.id === 20);
    if (r.type !== 'prediction') throw new Error('unreachable');
    expect(r.e3Shape).toEqual([1, H / 4, W / 4, 256]);
    expect(new Float32Array(r.reconstruction)).toHaveLength(H * W * 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts paused, steps one iteration at a time, resumes to the end, and does not leak tensors', async () => {
    const before = tf.memory().numTensors;
    const run = send({ type: 'run', id: 3, image: image(), superpixels: superpixels(), options: { iterations: 4, k: 4 }, paused: true });
    await until((x) => x.type === 'paused' && x.id === 3 && x.iteration === 0);
    await send({ type: 'control', id: 3, action: 'step' });
    await until((x) => x.type === 'paused' && x.id === 3 && x.iteration === 1);
    const its = () => replies.filter((x) => x.type === 'iteration' && x.id === 3);
    expect(its()).toHaveLength(1);
    await send({ type: 'control', id: 3, action: 'resume' });
    await run;
    expect(await until((x) => x.type === 'done' && x.id === 3)).toEqual({ type: 'done', id: 3, iterations: 4 });
    expect(its().map((x) => (x.type === 'iteration' ? x.iteration : -1))).toEqual([0, 1, 2, 3]);
    const last = its()[3];
    if (last.type !== 'iteration') throw new Error('unreachable');
    expect(new Int32Array(last.labels.labels)).toHaveLength(W * H);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancels a run cleanly, and a newer run replaces an older one', async () => {
    const idOf = (x: DscReply) => ('id' in x ? x.id : undefined);
    const first = send({ type: 'run', id: 4, image: image(), superpixels: superpixels(), options: { iterations: 50, k: 4 }, paused: true });
    await until((x) => x.type === 'paused' && x.id === 4);
    const second = send({ type: 'run', id: 5, image: image(), superpixels: superpixels(), options: { iterations: 2, k: 4 }, paused: false });
    await Promise.all([first, second]);
    expect(await until((x) => idOf(x) === 4 && (x.type === 'cancelled' || x.type === 'done'))).toEqual({ type: 'cancelled', id: 4 });
    expect(await until((x) => idOf(x) === 5 && x.type === 'done')).toEqual({ type: 'done', id: 5, iterations: 2 });
  });

  it('a newer run waits for a running loop to stop, then runs', async () => {
    const idOf = (x: DscReply) => ('id' in x ? x.id : undefined);
    const first = send({ type: 'run', id: 7, image: image(), superpixels: superpixels(), options: { iterations: 50, k: 4 }, paused: false });
    await until((x) => x.type === 'iteration' && x.id === 7);
    const second = send({ type: 'run', id: 8, image: image(), superpixels: superpixels(), options: { iterations: 2, k: 4 }, paused: false });
    await Promise.all([first, second]);
    expect(await until((x) => idOf(x) === 7 && (x.type === 'cancelled' || x.type === 'done'))).toEqual({ type: 'cancelled', id: 7 });
    expect(await until((x) => idOf(x) === 8 && x.type !== 'iteration')).toEqual({ type: 'done', id: 8, iterations: 2 });
  });

  it('reports a bad run as an error reply naming the problem', async () => {
    const bad = { width: 3, height: 3, labels: new Int32Array(9).buffer };
    await send({ type: 'run', id: 6, image: image(), superpixels: bad, options: {}, paused: false });
    const r = await until((x) => 'id' in x && x.id === 6 && x.type === 'error');
    expect(r.type === 'error' && r.message.length > 0).toBe(true);
  });
});
