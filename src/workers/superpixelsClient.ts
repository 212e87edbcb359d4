import type { LabelMap } from '../core/image/LabelMap';
import { assertRgbaImage, type RgbaImage } from '../core/image/RgbaImage';
import type { SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';
import { abortError } from '../core/superpixels/runContext';
import type { SuperpixelsReply, SuperpixelsRequest } from './superpixels.types';

/** The part of the DOM Worker the client uses; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: SuperpixelsRequest, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
  onmessageerror?: ((event: unknown) => void) | null;
}

export interface SuperpixelsJob {
  image: RgbaImage;
  algorithm: SuperpixelAlgorithm;
  targetCount?: number;
  params?: Record<string, number | boolean | string>;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /**
   * Transfer the image's buffer to the worker (the caller's image is detached afterwards).
   * Set false to send a copy. @default true
   */
  transfer?: boolean;
}

export interface SuperpixelsResult extends LabelMap {
  count: number;
  /** Computation time inside the worker. */
  ms: number;
}

export const defaultSuperpixelsWorker = (): WorkerLike =>
  new Worker(new URL('./superpixels.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

interface Pending {
  id: number;
  resolve: (r: SuperpixelsResult) => void;
  reject: (e: Error) => void;
  onProgress?: (fraction: number) => void;
  cleanup: () => void;
}

/**
 * Runs superpixel algorithms in a Web Worker, one request at a time: a newer compute() rejects
 * the pending one with an AbortError and, since a busy worker cannot read messages until its
 * synchronous computation ends, replaces the worker so the old work stops at once. A crashed
 * worker is replaced too and the pending call rejected with a message saying so.
 */
export class SuperpixelsClient {
  private worker: WorkerLike | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private disposed = false;
  /** How many times a worker was replaced (superseded work or a crash). */
  restarts = 0;

  constructor(private readonly createWorker: () => WorkerLike = defaultSuperpixelsWorker) {}

  compute(job: SuperpixelsJob): Promise<SuperpixelsResult> {
    if (this.disposed) return Promise.reject(new Error('SuperpixelsClient is disposed'));
    try {
      assertRgbaImage(job.image);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (job.signal?.aborted) return Promise.reject(abortError());
    if (this.pending) {
      this.settle(this.pending, null, abortError('superseded by a newer superpixel request'));
      this.replaceWorker();
    }
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const { image } = job;
    const whole =
      job.transfer !== false &&
      image.data.byteOffset === 0 &&
      image.data.byteLength === image.data.buffer.byteLength &&
      image.data.buffer instanceof ArrayBuffer;
    const rgba = whole ? (image.data.buffer as ArrayBuffer) : image.data.slice().buffer;
    return new Promise<SuperpixelsResult>((resolve, reject) => {
      const onAbort = () => {
        if (this.pending?.id !== id) return;
        this.settle(this.pending, null, abortError());
        this.replaceWorker();
      };
      job.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        id,
        resolve,
        reject,
        onProgress: job.onProgress,
        cleanup: () => job.signal?.removeEventListener('abort', onAbort),
      };
      worker.postMessage(
        {
          type: 'compute',
          id,
          width: image.width,
          height: image.height,
          rgba,
          algorithm: job.algorithm,
          targetCount: job.targetCount,
          params: job.params,
        },
        [rgba],
      );
    });
  }

  /** Terminates the worker and rejects a pending call. */
  dispose(): void {
    if (this.pending) this.settle(this.pending, null, abortError('SuperpixelsClient disposed'));
    this.disposed = true;
    this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.createWorker();
    w.onmessage = (event) => this.onReply(w, event.data as SuperpixelsReply);
    w.onerror = (event) => {
      event.preventDefault?.();
      this.onCrash(w, `superpixel worker crashed (${event.message || 'no message'}); it has been restarted`);
    };
    w.onmessageerror = () => this.onCrash(w, 'superpixel worker reply could not be read; the worker has been restarted');
    this.worker = w;
    return w;
  }

  private replaceWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.restarts++;
  }

  private onCrash(w: WorkerLike, message: string): void {
    if (w !== this.worker) return;
    this.replaceWorker();
    if (this.pending) this.settle(this.pending, null, new Error(message));
  }

  private onReply(w: WorkerLike, reply: SuperpixelsReply): void {
    const p = this.pending;
    if (w !== this.worker || !p || !reply || reply.id !== p.id) return; // stale
    switch (reply.type) {
      case 'progress':
        p.onProgress?.(reply.fraction);
        return;
      case 'result':
        this.settle(p, {
          width: reply.width,
          height: reply.height,
          labels: new Int32Array(reply.labels),
          count: reply.count,
          ms: reply.ms,
        });
        return;
      case 'error':
        this.settle(p, null, new Error(reply.message));
        return;
      case 'cancelled':
        this.settle(p, null, abortError());
        return;
    }
  }

  private settle(p: Pending, result: SuperpixelsResult | null, error?: Error): void {
    if (this.pending === p) this.pending = null;
    p.cleanup();
    if (result) p.resolve(result);
    else p.reject(error ?? new Error('superpixel request failed'));
  }
}
