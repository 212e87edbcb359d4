import type { SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';

/**
 * Messages between the page and the superpixel worker. Every message carries the request id;
 * replies for an id that is no longer current are stale and ignored by the client.
 */
export interface SuperpixelsComputeRequest {
  type: 'compute';
  id: number;
  width: number;
  height: number;
  /** RGBA bytes, width * height * 4, transferred (detached on the sending side). */
  rgba: ArrayBuffer;
  algorithm: SuperpixelAlgorithm;
  targetCount?: number;
  params?: Record<string, number | boolean | string>;
}

/** Stops request `id` if it has not started computing yet (or at its next safe point). */
export interface SuperpixelsCancelRequest {
  type: 'cancel';
  id: number;
}

export type SuperpixelsRequest = SuperpixelsComputeRequest | SuperpixelsCancelRequest;

export interface SuperpixelsProgressReply {
  type: 'progress';
  id: number;
  /** In [0, 1]. */
  fraction: number;
}

export interface SuperpixelsResultReply {
  type: 'result';
  id: number;
  width: number;
  height: number;
  /** Int32 labels 0..count-1, transferred. */
  labels: ArrayBuffer;
  count: number;
  /** Time the computation took inside the worker. */
  ms: number;
}

export interface SuperpixelsErrorReply {
  type: 'error';
  id: number;
  message: string;
}

export interface SuperpixelsCancelledReply {
  type: 'cancelled';
  id: number;
}

export type SuperpixelsReply =
  | SuperpixelsProgressReply
  | SuperpixelsResultReply
  | SuperpixelsErrorReply
  | SuperpixelsCancelledReply;
