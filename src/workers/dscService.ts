import * as tf from '@tensorflow/tfjs';
import { createDsc, type Dsc } from '../core/dsc/createDsc';
import { checkDscFits } from '../core/dsc/dscMemory';
import { ENCODER_CHANNELS } from '../core/superae/buildSuperAE';
import type { LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
import { loadSuperAE, type SuperAE } from '../core/superae/loadSuperAE';
import type { DscReply, DscRequest, ImagePayload, LabelPayload, PostReply } from './dscProtocol';
import { initBackend, type BackendName } from './tfBackend';

const toImage = (p: ImagePayload): RgbaImage => ({
  width: p.width,
  height: p.height,
  data: new Uint8ClampedArray(p.data),
});
const toLabels = (p: LabelPayload): LabelMap => ({
  width: p.width,
  height: p.height,
  labels: new Int32Array(p.labels),
});

interface ActiveRun {
  id: number;
  abort: AbortController;
  paused: boolean;
  /** Iterations granted by `step` while paused. */
  steps: number;
  wake: (() => void) | null;
  /** Settles when the run's loop has ended and its tensors are freed. */
  ended: Promise<void>;
}

export interface DscServiceOptions {
  /** Sets up the TensorFlow.js backend; the worker passes initBackend, tests a cpu-only one. */
  setBackend?: (first: BackendName) => Promise<{ name: BackendName; reasons: string[] }>;
  /** Model source; tests pass an in-memory IOHandler instead of the URL. */
  modelSource?: (url: string) => string | tf.io.IOHandler;
}

/**
 * The DSC worker's logic, free of `self` so that it runs in Node tests: the SuperAE (loaded once),
 * the reconstruction, and DSC runs that can be paused, stepped and cancelled. A newer run cancels
 * the older one. Every failure is reported as an `error` reply, never thrown to the caller.
 */
export class DscService {
  private superae: SuperAE | null = null;
  private dsc: Dsc | null = null;
  private active: ActiveRun | null = null;
  /** Id of the newest run request; an older one still waiting to start gives way to it. */
  private latestRun = -1;
  private readonly setBackend;
  private readonly modelSource;

  constructor(
    private readonly post: PostReply,
    options: DscServiceOptions = {},
  ) {
    this.setBackend = options.setBackend ?? initBackend;
    this.modelSource = options.modelSource ?? ((url: string) => url);
  }

  async handle(msg: DscRequest): Promise<void> {
    try {
      switch (msg.type) {
        case 'init':
          return await this.init(msg.backend, msg.modelUrl);
        case 'reconstruct':
          return await this.reconstruct(msg.id, toImage(msg.image));
        case 'run':
          return await this.run(msg);
        case 'control':
          return this.control(msg.id, msg.action);
        case 'memory': {
          const m = tf.memory();
          return this.post({
            type: 'memory',
            id: msg.id,
            numTensors: m.numTensors,
            numBytes: m.numBytes,
          });
        }
        case 'predict':
          return await this.predict(msg.id, msg.input, msg.shape);
        case 'lose-device':
          return this.loseDevice();
      }
    } catch (e) {
      this.post({
        type: 'error',
        id: 'id' in msg ? msg.id : null,
        message: (e as Error).message || String(e),
      });
    }
  }

  private async init(first: BackendName, modelUrl: string): Promise<void> {
    this.post({ type: 'loading', what: 'backend', fraction: 0 });
    const backend = await this.setBackend(first);
    this.watchDevice();
    let modelError: string | null = null;
    try {
      this.superae?.dispose();
      this.dsc?.dispose();
      this.superae = await loadSuperAE(this.modelSource(modelUrl), {
        onProgress: (fraction) => this.post({ type: 'loading', what: 'model', fraction }),
      });
      const weights = new Map(Object.entries(this.superae.weights()));
      this.dsc = await createDsc(weights);
    } catch (e) {
      this.superae = null;
      this.dsc = null;
      modelError = (e as Error).message;
    }
    this.post({ type: 'ready', backend: backend.name, reasons: backend.reasons, modelError });
  }

  private requireModel(): { superae: SuperAE; dsc: Dsc } {
    if (!this.superae || !this.dsc)
      throw new Error('The SuperAE model is not loaded, so this stage cannot run.');
    return { superae: this.superae, dsc: this.dsc };
  }

  private async reconstruct(id: number, image: RgbaImage): Promise<void> {
    const { superae } = this.requireModel();
    // DSC's buffers are larger than the SuperAE's: refuse a size the GPU cannot hold before either runs.
    checkDscFits(image.height, image.width, ENCODER_CHANNELS);
    const t0 = performance.now();
    const out = await superae.reconstruct(image);
    const data = out.data.buffer as ArrayBuffer;
    this.post(
      {
        type: 'reconstruction',
        id,
        image: { width: out.width, height: out.height, data },
        ms: performance.now() - t0,
      },
      [data],
    );
  }

  private async predict(
    id: number,
    input: ArrayBuffer,
    shape: [number, number, number, number],
  ): Promise<void> {
    const { superae } = this.requireModel();
    const x = tf.tensor4d(new Float32Array(input), shape);
    const out = superae.predict(x);
    x.dispose();
    try {
      const [recon, e3] = await Promise.all([out.reconstruction.data(), out.e3.data()]);
      const reconstruction = (recon as Float32Array).buffer as ArrayBuffer;
      const e3b = (e3 as Float32Array).buffer as ArrayBuffer;
      this.post({ type: 'prediction', id, reconstruction, e3: e3b, e3Shape: out.e3.shape }, [
        reconstruction,
        e3b,
      ]);
    } finally {
      tf.dispose([out.reconstruction, out.e1, out.e2, out.e3]);
    }
  }

  private async run(msg: Extract<DscRequest, { type: 'run' }>): Promise<void> {
    const { dsc } = this.requireModel();
    this.latestRun = msg.id;
    // One DSC loop at a time: stop the current one and wait until it has let go of the model.
    const previous = this.active;
    this.cancelActive();
    if (previous) await previous.ended;
    if (this.latestRun !== msg.id) {
      this.post({ type: 'cancelled', id: msg.id });
      return;
    }
    let end = () => {};
    const run: ActiveRun = {
      id: msg.id,
      abort: new AbortController(),
      paused: msg.paused,
      steps: 0,
      wake: null,
      ended: new Promise<void>((resolve) => (end = resolve)),
    };
    this.active = run;
    const { signal } = run.abort;
    let count = 0;
    try {
      const loop = dsc.run(toImage(msg.image), toLabels(msg.superpixels), {
        ...msg.options,
        signal,
      });
      for (;;) {
        while (run.paused && run.steps === 0 && !signal.aborted) {
          this.post({ type: 'paused', id: run.id, iteration: count });
          await new Promise<void>((resolve) => (run.wake = resolve));
        }
        if (signal.aborted) {
          await loop.return();
          break;
        }
        if (run.steps > 0) run.steps--;
        const next = await loop.next();
        if (next.done) break;
        const it = next.value;
        count++;
        const labels = it.labels.buffer as ArrayBuffer;
        this.post(
          {
            type: 'iteration',
            id: run.id,
            iteration: it.iteration,
            ce: it.ce,
            cut: it.cut,
            total: it.total,
            regions: it.regionCount,
            ms: it.ms,
            labels: { width: msg.image.width, height: msg.image.height, labels },
          },
          [labels],
        );
      }
      this.post(
        signal.aborted
          ? { type: 'cancelled', id: run.id }
          : { type: 'done', id: run.id, iterations: count },
      );
    } catch (e) {
      if (signal.aborted) this.post({ type: 'cancelled', id: run.id });
      else throw e;
    } finally {
      if (this.active === run) this.active = null;
      end();
    }
  }

  private control(id: number, action: 'pause' | 'resume' | 'step' | 'cancel'): void {
    const run = this.active;
    if (!run || run.id !== id) return; // a control for a finished or replaced run
    if (action === 'pause') run.paused = true;
    else if (action === 'resume') run.paused = false;
    else if (action === 'step') run.steps++;
    else run.abort.abort(new DOMException('cancelled', 'AbortError'));
    run.wake?.();
    run.wake = null;
  }

  private cancelActive(): void {
    if (this.active) this.control(this.active.id, 'cancel');
  }

  /** The WebGPU device, when the backend is webgpu. */
  private device(): GPUDevice | null {
    if (tf.getBackend() !== 'webgpu') return null;
    return (tf.backend() as unknown as { device?: GPUDevice }).device ?? null;
  }

  private watchDevice(): void {
    void this.device()?.lost.then((info) => {
      this.cancelActive();
      this.post({
        type: 'device-lost',
        message: `The GPU device was lost (${info.reason || 'unknown'}): ${info.message}`,
      });
    });
  }

  private loseDevice(): void {
    this.device()?.destroy();
  }

  dispose(): void {
    this.cancelActive();
    this.dsc?.dispose();
    this.superae?.dispose();
  }
}

export type { DscReply };
