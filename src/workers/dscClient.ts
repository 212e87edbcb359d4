import type { DscOptions } from '../core/dsc/DscOptions';
import type { LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
import type { DscControl, DscReply, DscRequest } from './dscProtocol';
import type { BackendName } from './tfBackend';

export type ReadyReply = Extract<DscReply, { type: 'ready' }>;
export type IterationReply = Extract<DscReply, { type: 'iteration' }>;

export interface WorkerLike {
  postMessage(message: DscRequest, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<DscReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

interface Pending {
  resolve: (reply: DscReply) => void;
  reject: (error: Error) => void;
  /** For runs: each iteration and pause as it comes. */
  onReply?: (reply: DscReply) => void;
}

export interface RunHandle {
  id: number;
  /** Settles when the run ends: 'done' or 'cancelled'; rejects on error. */
  finished: Promise<'done' | 'cancelled'>;
}

const copyBuffer = (a: ArrayBufferView): ArrayBuffer =>
  a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) as ArrayBuffer;

/**
 * The page's side of the DSC worker: request/reply by id, a status stream for loading and device
 * loss, and a restart of a crashed worker (pending calls are rejected with a clear message).
 */
export class DscClient {
  private worker: WorkerLike;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readyWaiter: Pending | null = null;
  private lastInit: { backend: BackendName; modelUrl: string } | null = null;
  /** Number of `run` requests sent, for tests that check which stages rerun. */
  runRequests = 0;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly onStatus: (reply: DscReply) => void,
  ) {
    this.worker = this.spawn();
  }

  private spawn(): WorkerLike {
    const w = this.createWorker();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.crashed(e.message || 'the DSC worker crashed');
    };
    return w;
  }

  private receive(reply: DscReply): void {
    if (reply.type === 'loading' || reply.type === 'device-lost') {
      this.onStatus(reply);
      return;
    }
    if (reply.type === 'ready') {
      this.onStatus(reply);
      this.readyWaiter?.resolve(reply);
      this.readyWaiter = null;
      return;
    }
    if (reply.id === null) {
      // An error outside any request (during init).
      this.readyWaiter?.reject(new Error(reply.type === 'error' ? reply.message : 'unexpected reply'));
      this.readyWaiter = null;
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'iteration' || reply.type === 'paused') {
      p.onReply?.(reply);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === 'error') p.reject(new Error(reply.message));
    else p.resolve(reply);
  }

  private crashed(message: string): void {
    const error = new Error(`The DSC worker stopped (${message}); it has been restarted.`);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.readyWaiter?.reject(error);
    this.readyWaiter = null;
    this.worker.terminate();
    this.worker = this.spawn();
    if (this.lastInit) void this.init(this.lastInit.backend, this.lastInit.modelUrl).catch(() => undefined);
  }

  private request(msg: DscRequest, transfer: Transferable[] = [], onReply?: (r: DscReply) => void): Promise<DscReply> {
    return new Promise((resolve, reject) => {
      if ('id' in msg) this.pending.set(msg.id, { resolve, reject, onReply });
      this.worker.postMessage(msg, transfer);
    });
  }

  /** Starts the backend (falling back from `backend`) and loads the SuperAE. */
  init(backend: BackendName, modelUrl: string): Promise<ReadyReply> {
    this.lastInit = { backend, modelUrl };
    return new Promise((resolve, reject) => {
      this.readyWaiter = { resolve: (r) => resolve(r as ReadyReply), reject };
      this.worker.postMessage({ type: 'init', backend, modelUrl }, []);
    });
  }

  /** Terminates the worker and starts a fresh one on `backend` (after a lost device). */
  restart(backend: BackendName, modelUrl: string): Promise<ReadyReply> {
    for (const p of this.pending.values()) p.reject(new Error('The DSC worker was restarted.'));
    this.pending.clear();
    this.worker.terminate();
    this.worker = this.spawn();
    return this.init(backend, modelUrl);
  }

  async reconstruct(image: RgbaImage): Promise<{ image: RgbaImage; ms: number }> {
    const data = copyBuffer(image.data);
    const id = this.nextId++;
    const r = await this.request({ type: 'reconstruct', id, image: { width: image.width, height: image.height, data } }, [data]);
    if (r.type !== 'reconstruction') throw new Error(`unexpected reply ${r.type}`);
    return { image: { width: r.image.width, height: r.image.height, data: new Uint8ClampedArray(r.image.data) }, ms: r.ms };
  }

  run(
    image: RgbaImage,
    superpixels: LabelMap,
    options: DscOptions,
    handlers: { paused: boolean; onIteration: (r: IterationReply) => void; onPaused?: (iteration: number) => void },
  ): RunHandle {
    const id = this.nextId++;
    this.runRequests++;
    const data = copyBuffer(image.data);
    const labels = copyBuffer(superpixels.labels);
    const finished = this.request(
      {
        type: 'run',
        id,
        image: { width: image.width, height: image.height, data },
        superpixels: { width: superpixels.width, height: superpixels.height, labels },
        options,
        paused: handlers.paused,
      },
      [data, labels],
      (r) => {
        if (r.type === 'iteration') handlers.onIteration(r);
        else if (r.type === 'paused') handlers.onPaused?.(r.iteration);
      },
    ).then((r) => (r.type === 'done' ? 'done' : 'cancelled') as 'done' | 'cancelled');
    return { id, finished };
  }

  control(id: number, action: DscControl): void {
    this.worker.postMessage({ type: 'control', id, action }, []);
  }

  async memory(): Promise<{ numTensors: number; numBytes: number }> {
    const r = await this.request({ type: 'memory', id: this.nextId++ });
    if (r.type !== 'memory') throw new Error(`unexpected reply ${r.type}`);
    return { numTensors: r.numTensors, numBytes: r.numBytes };
  }

  /** The SuperAE's reconstruction and E3 for a float input [1, H, W, 3], for parity checks. */
  async predict(input: Float32Array, shape: [number, number, number, number]) {
    const buffer = copyBuffer(input);
    const r = await this.request({ type: 'predict', id: this.nextId++, input: buffer, shape }, [buffer]);
    if (r.type !== 'prediction') throw new Error(`unexpected reply ${r.type}`);
    return { reconstruction: new Float32Array(r.reconstruction), e3: new Float32Array(r.e3), e3Shape: r.e3Shape };
  }

  loseDevice(): void {
    this.worker.postMessage({ type: 'lose-device' }, []);
  }
}
