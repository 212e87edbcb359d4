import { computeSuperpixels, SUPERPIXEL_ALGORITHMS } from '../core/superpixels/computeSuperpixels';
import { isAbortError } from '../core/superpixels/runContext';
import type { SuperpixelsComputeRequest, SuperpixelsReply } from './superpixels.types';

export type PostReply = (reply: SuperpixelsReply, transfer?: Transferable[]) => void;

/** Lets messages already queued behind the current one arrive first (a macrotask turn). */
export const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Progress is posted at most this often, in fraction of the run. */
const PROGRESS_STEP = 0.02;

/**
 * The worker's message handler, free of worker globals so it can be tested directly. A compute
 * request supersedes every older one: the older one's AbortController is aborted and, if it is
 * still waiting for its turn, it ends with a 'cancelled' reply. Never throws or rejects: any
 * failure becomes an 'error' reply.
 */
export function createSuperpixelsHandler(post: PostReply, yieldTurn: () => Promise<void> = macrotask) {
  let generation = 0;
  let currentId = -1;
  let controller: AbortController | null = null;

  return async function handle(message: unknown): Promise<void> {
    const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
    try {
      const type = (message as { type?: unknown })?.type;
      if (type === 'cancel') {
        if (id === currentId) {
          generation++;
          controller?.abort();
        }
        return;
      }
      if (type !== 'compute') throw new Error(`unknown request type ${JSON.stringify(type)}`);
      const request = checkRequest(message);
      const gen = ++generation;
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      currentId = id;
      await yieldTurn();
      if (gen !== generation || mine.signal.aborted) {
        post({ type: 'cancelled', id });
        return;
      }
      const image = { width: request.width, height: request.height, data: new Uint8ClampedArray(request.rgba) };
      let lastPosted = -1;
      const start = performance.now();
      const map = computeSuperpixels(image, {
        algorithm: request.algorithm,
        targetCount: request.targetCount,
        params: request.params,
        signal: mine.signal,
        onProgress: (fraction) => {
          if (fraction - lastPosted >= PROGRESS_STEP || (fraction === 1 && lastPosted < 1)) {
            lastPosted = fraction;
            post({ type: 'progress', id, fraction });
          }
        },
      });
      const ms = performance.now() - start;
      let count = 0;
      for (let i = 0; i < map.labels.length; i++) if (map.labels[i] >= count) count = map.labels[i] + 1;
      const labels = map.labels.buffer as ArrayBuffer;
      post({ type: 'result', id, width: map.width, height: map.height, labels, count, ms }, [labels]);
    } catch (e) {
      if (isAbortError(e)) post({ type: 'cancelled', id });
      else post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  };
}

function checkRequest(m: unknown): SuperpixelsComputeRequest {
  const r = m as Partial<SuperpixelsComputeRequest>;
  if (typeof r.id !== 'number') throw new TypeError('compute request: id must be a number');
  if (!(r.rgba instanceof ArrayBuffer)) throw new TypeError('compute request: rgba must be an ArrayBuffer');
  if (!SUPERPIXEL_ALGORITHMS.includes(r.algorithm as never)) {
    throw new RangeError(`compute request: unknown algorithm ${JSON.stringify(r.algorithm)}`);
  }
  if (typeof r.width !== 'number' || typeof r.height !== 'number') {
    throw new TypeError('compute request: width and height must be numbers');
  }
  if (r.targetCount !== undefined && typeof r.targetCount !== 'number') {
    throw new TypeError('compute request: targetCount must be a number');
  }
  if (r.params !== undefined && (r.params === null || typeof r.params !== 'object')) {
    throw new TypeError('compute request: params must be an object');
  }
  return r as SuperpixelsComputeRequest;
}
