import * as tf from '@tensorflow/tfjs';
import { SIZE_MULTIPLE } from '../superae/buildSuperAE';

/** What the largest single GPU buffer of a DSC iteration holds, and its size in bytes. */
export interface DscLargestBuffer {
  what: string;
  bytes: number;
}

/**
 * The largest float32 buffer one DSC iteration allocates at a working size (height x width,
 * padded to multiples of 4) with encoder channels c: E1's activation [Hp Wp, C1] and the im2col
 * matrices of the filter gradients ([Hp Wp, 27], [Hp Wp / 4, 9 C1], [Hp Wp / 16, 9 C2]). The
 * one-hot superpixel matrix is capped separately (MAX_ASSIGNMENT_ENTRIES).
 */
export function largestDscBuffer(
  height: number,
  width: number,
  c: readonly [number, number, number],
): DscLargestBuffer {
  const hp = Math.ceil(height / SIZE_MULTIPLE) * SIZE_MULTIPLE;
  const wp = Math.ceil(width / SIZE_MULTIPLE) * SIZE_MULTIPLE;
  const n = hp * wp;
  const candidates: DscLargestBuffer[] = [
    { what: `E1's activation (${hp}x${wp}x${c[0]})`, bytes: n * c[0] * 4 },
    { what: `E1's im2col (${n}x27)`, bytes: n * 27 * 4 },
    { what: `E2's im2col (${n / 4}x${9 * c[0]})`, bytes: (n / 4) * 9 * c[0] * 4 },
    { what: `E3's im2col (${n / 16}x${9 * c[1]})`, bytes: (n / 16) * 9 * c[1] * 4 },
  ];
  return candidates.reduce((a, b) => (b.bytes > a.bytes ? b : a));
}

/** The current backend's largest allowed storage buffer in bytes, where it has such a limit. */
export function backendBufferLimit(): number | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const limits = (
    tf.backend() as unknown as {
      device?: { limits?: { maxStorageBufferBindingSize: number; maxBufferSize: number } };
    }
  ).device?.limits;
  if (!limits) return null;
  return Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
}

/**
 * Refuses a working size whose largest buffer the GPU cannot hold, before anything is allocated:
 * WebGPU rejects such a buffer with a validation error that tfjs does not turn into an exception,
 * and the run dies later with a lost device. The message names the largest long side that fits.
 */
export function checkDscFits(
  height: number,
  width: number,
  c: readonly [number, number, number],
  limit: number | null = backendBufferLimit(),
): void {
  if (limit === null) return;
  const big = largestDscBuffer(height, width, c);
  if (big.bytes <= limit) return;
  const long = Math.max(height, width);
  // Buffers grow with the pixel count: scale both sides by sqrt(limit / bytes), then step down
  // until the padded sizes fit too.
  let fits = Math.floor(long * Math.sqrt(limit / big.bytes));
  const scaled = (side: number) => Math.max(1, Math.round((side * fits) / long));
  while (fits > 1 && largestDscBuffer(scaled(height), scaled(width), c).bytes > limit) fits--;
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  throw new RangeError(
    `DSC: a ${width}x${height} working resolution needs ${mib(big.bytes)} for ${big.what}, more than this GPU's ` +
      `largest buffer (${mib(limit)}); choose a working resolution of at most about ${fits} px on the long side`,
  );
}
