import { describe, expect, it } from 'vitest';
import { computeSuperpixels } from '../core/superpixels/computeSuperpixels';
import { flatRegionsWithNoise } from '../core/superpixels/syntheticImage';
import type { SuperpixelsRequest } from './superpixels.types';
import { SuperpixelsClient, type WorkerLike } from './superpixelsClient';
import { createSuperpixelsHandler } from './superpixelsHandler';

/**
 * A Worker stand-in running the real handler on the same thread. Messages cross through
 * structuredClone with their transfer lists, so buffers really are detached as with a Worker.
 */
class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  terminated = false;
  received: SuperpixelsRequest[] = [];
  private readonly handle = createSuperpixelsHandler((reply, transfer) => {
    const copy = structuredClone(reply, { transfer: transfer ?? [] });
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: copy });
    }, 0);
  });

  constructor(private readonly crashOnCompute = false) {}

  postMessage(message: SuperpixelsRequest, transfer: Transferable[]): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    const copy = structuredClone(message, { transfer });
    this.received.push(copy);
    setTimeout(() => {
      if (this.terminated) return;
      if (this.crashOnCompute) this.onerror?.({ message: 'out of memory' });
      else void this.handle(copy);
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

function makeClient(crashFirst = false) {
  const workers: FakeWorker[] = [];
  const client = new SuperpixelsClient(() => {
    const w = new FakeWorker(crashFirst && workers.length === 0);
    workers.push(w);
    return w;
  });
  return { client, workers };
}

const job = (seed: number) => {
  const { image } = flatRegionsWithNoise(40, 30, 5, seed);
  return { image, expected: computeSuperpixels(image, { algorithm: 'slic', params: { nSegments: 12 } }).labels };
};

describe('SuperpixelsClient', () => {
  it('returns the labels, transfers the image and reports progress', async () => {
    const { client, workers } = makeClient();
    const { image, expected } = job(1);
    const progress: number[] = [];
    const pending = client.compute({ image, algorithm: 'slic', params: { nSegments: 12 }, onProgress: (f) => progress.push(f) });
    expect(image.data.byteLength).toBe(0); // the buffer went to the worker
    const result = await pending;
    expect(result.labels).toEqual(expected);
    expect(result.count).toBe(Math.max(...expected) + 1);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(1);
    expect(workers).toHaveLength(1);
    client.dispose();
    expect(workers[0].terminated).toBe(true);
  });

  it('sends a copy when transfer is false', async () => {
    const { client } = makeClient();
    const { image, expected } = job(2);
    const result = await client.compute({ image, algorithm: 'slic', params: { nSegments: 12 }, transfer: false });
    expect(image.data.byteLength).toBe(40 * 30 * 4);
    expect(result.labels).toEqual(expected);
  });

  it('a newer request rejects the older one with AbortError and replaces the busy worker', async () => {
    const { client, workers } = makeClient();
    const a = job(3);
    const b = job(4);
    const first = client.compute({ image: a.image, algorithm: 'slic', params: { nSegments: 12 } });
    const second = client.compute({ image: b.image, algorithm: 'slic', params: { nSegments: 12 } });
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect((await second).labels).toEqual(b.expected);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(client.restarts).toBe(1);
  });

  it('passes worker errors on as rejections with the message', async () => {
    const { client } = makeClient();
    const { image } = job(5);
    await expect(client.compute({ image, algorithm: 'egb', params: { sigma: NaN } })).rejects.toThrow(/'sigma' must be a finite number/);
    // the client still works afterwards
    const { image: next, expected } = job(6);
    expect((await client.compute({ image: next, algorithm: 'slic', params: { nSegments: 12 } })).labels).toEqual(expected);
  });

  it('restarts a crashed worker and rejects the pending call clearly', async () => {
    const { client, workers } = makeClient(true);
    await expect(client.compute({ image: job(7).image, algorithm: 'slic' })).rejects.toThrow(
      /superpixel worker crashed \(out of memory\); it has been restarted/,
    );
    expect(workers[0].terminated).toBe(true);
    const { image, expected } = job(8);
    expect((await client.compute({ image, algorithm: 'slic', params: { nSegments: 12 } })).labels).toEqual(expected);
    expect(workers).toHaveLength(2);
  });

  it('an abort signal rejects with AbortError', async () => {
    const { client } = makeClient();
    const controller = new AbortController();
    const run = client.compute({ image: job(9).image, algorithm: 'ms', signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const pre = new AbortController();
    pre.abort();
    await expect(client.compute({ image: job(10).image, algorithm: 'ms', signal: pre.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('rejects a malformed image before posting anything', async () => {
    const { client, workers } = makeClient();
    await expect(
      client.compute({ image: { width: 0, height: 0, data: new Uint8ClampedArray(0) }, algorithm: 'slic' }),
    ).rejects.toThrow(/size must be positive/);
    expect(workers).toHaveLength(0);
  });
});
