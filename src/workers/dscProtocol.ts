import type { DscOptions } from '../core/dsc/DscOptions';
import type { BackendName } from './tfBackend';

/** An RGBA image crossing the worker boundary; `data` is transferred, not copied. */
export interface ImagePayload {
  width: number;
  height: number;
  data: ArrayBuffer;
}

/** A label map crossing the worker boundary; `labels` (Int32 values) is transferred. */
export interface LabelPayload {
  width: number;
  height: number;
  labels: ArrayBuffer;
}

/** One iteration's figures, as the DSC loop reports them (iteration is 0-based here). */
export interface IterationFigures {
  iteration: number;
  ce: number;
  cut: number;
  total: number;
  regions: number;
  ms: number;
}

export type DscControl = 'pause' | 'resume' | 'step' | 'cancel';

/** Messages to the DSC worker. */
export type DscRequest =
  | { type: 'init'; backend: BackendName; modelUrl: string }
  | { type: 'reconstruct'; id: number; image: ImagePayload }
  | {
      type: 'run';
      id: number;
      image: ImagePayload;
      superpixels: LabelPayload;
      options: DscOptions;
      /** Start paused: the first iteration waits for `step` or `resume`. */
      paused: boolean;
    }
  | { type: 'control'; id: number; action: DscControl }
  | { type: 'memory'; id: number }
  /** Raw SuperAE outputs for a float input [1, H, W, 3] (the e2e parity check on webgpu). */
  | { type: 'predict'; id: number; input: ArrayBuffer; shape: [number, number, number, number] }
  /** Test hook: destroys the GPU device, as a driver reset would. */
  | { type: 'lose-device' };

/** Messages from the DSC worker: a status stream (loading, ready, iteration, done, error). */
export type DscReply =
  | { type: 'loading'; what: 'backend' | 'model'; fraction: number }
  | {
      type: 'ready';
      backend: BackendName;
      reasons: string[];
      /** Null when the model loaded; otherwise why not (the app still offers superpixels). */
      modelError: string | null;
    }
  | { type: 'reconstruction'; id: number; image: ImagePayload; ms: number }
  | (IterationFigures & { type: 'iteration'; id: number; labels: LabelPayload })
  | { type: 'paused'; id: number; iteration: number }
  | { type: 'done'; id: number; iterations: number }
  | { type: 'cancelled'; id: number }
  | { type: 'memory'; id: number; numTensors: number; numBytes: number }
  | { type: 'prediction'; id: number; reconstruction: ArrayBuffer; e3: ArrayBuffer; e3Shape: number[] }
  | { type: 'error'; id: number | null; message: string }
  | { type: 'device-lost'; message: string };

export type PostReply = (reply: DscReply, transfer?: Transferable[]) => void;
