import { describe, expect, it } from 'vitest';
import { computeSuperpixels } from '../core/superpixels/computeSuperpixels';
import { flatRegionsWithNoise } from '../core/superpixels/syntheticImage';
import type { SuperpixelsReply } from './superpixels.types';
import { createSuperpixelsHandler } from './superpixelsHandler';

function setup() {
  const replies: Array<{ reply: SuperpixelsReply; transfer?: Transferable[] }> = [];
  const handle = createSuperpixelsHandler((reply, transfer) => replies.push({ reply, transfer }));
  return { replies, handle };
}

function request(id: number, extra: Record<string, unknown> = {}) {
  const { image } = flatRegionsWithNoise(40, 30, 5, id);
  return {
    message: { type: 'compute', id, width: 40, height: 30, rgba: image.data.slice().buffer, algorithm: 'egb', params: { scale: 50 }, ...extra },
    image,
  };
}

describe('superpixel worker handler', () => {
  it('computes, reports progress and transfers the labels back', async () => {
    const { replies, handle } = setup();
    const { message, image } = request(1);
    await handle(message);
    const types = replies.map((r) => r.reply.type);
    expect(types.filter((t) => t === 'progress').length).toBeGreaterThan(0);
    const last = replies[replies.length - 1];
    expect(last.reply.type).toBe('result');
    if (last.reply.type !== 'result') return;
    expect(last.transfer).toEqual([last.reply.labels]);
    const labels = new Int32Array(last.reply.labels);
    expect(labels).toEqual(computeSuperpixels(image, { algorithm: 'egb', params: { scale: 50 } }).labels);
    expect(last.reply.count).toBe(Math.max(...labels) + 1);
  });

  it('turns bad parameters and malformed messages into error replies', async () => {
    const { replies, handle } = setup();
    await handle(request(2, { params: { scale: -1 } }).message);
    await handle({ type: 'compute', id: 3, width: 2, height: 2, rgba: 'nope', algorithm: 'slic' });
    await handle({ type: 'launch', id: 4 });
    await handle(null);
    await handle(request(5, { width: 41 }).message);
    const errors = replies.map((r) => r.reply).filter((r) => r.type === 'error');
    expect(errors.map((e) => e.id)).toEqual([2, 3, 4, -1, 5]);
    expect(errors.map((e) => (e.type === 'error' ? e.message : ''))).toEqual([
      expect.stringContaining("'scale'"),
      expect.stringContaining('rgba'),
      expect.stringContaining('unknown request type'),
      expect.stringContaining('unknown request type'),
      expect.stringContaining('expected 4920 bytes for 41x30 RGBA'),
    ]);
  });

  it('a newer request cancels an older one still waiting for its turn', async () => {
    const { replies, handle } = setup();
    const first = handle(request(6).message);
    const second = handle(request(7).message);
    await Promise.all([first, second]);
    const finals = replies.map((r) => r.reply).filter((r) => r.type !== 'progress');
    expect(finals.map((r) => [r.id, r.type])).toEqual([
      [6, 'cancelled'],
      [7, 'result'],
    ]);
  });

  it('a cancel message stops the current request', async () => {
    const { replies, handle } = setup();
    const run = handle(request(8).message);
    await handle({ type: 'cancel', id: 8 });
    await run;
    expect(replies.map((r) => [r.reply.id, r.reply.type])).toEqual([[8, 'cancelled']]);
  });
});
