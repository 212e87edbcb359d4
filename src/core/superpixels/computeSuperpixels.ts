import type { LabelMap } from '../image/LabelMap';
import { assertRgbaImage, type RgbaImage } from '../image/RgbaImage';
import type { Connectivity } from './connectivity';
import { felzenszwalb, type FelzenszwalbOptions } from './felzenszwalb';
import { meanShift, type MeanShiftOptions } from './meanShift';
import { throwIfAborted } from './runContext';
import { slic, type SlicOptions } from './slic';
import { felzenszwalbForCount, meanShiftForCount, slicForCount } from './targetCount';

/** SLIC, Felzenszwalb-Huttenlocher (EGB), mean shift. */
export type SuperpixelAlgorithm = 'slic' | 'egb' | 'ms';

export const SUPERPIXEL_ALGORITHMS: readonly SuperpixelAlgorithm[] = ['slic', 'egb', 'ms'];

/** Connectivity each algorithm's superpixels are guaranteed to have. */
export const SUPERPIXEL_CONNECTIVITY: Record<SuperpixelAlgorithm, Connectivity> = { slic: 4, egb: 8, ms: 4 };

export interface ComputeSuperpixelsOptions {
  algorithm: SuperpixelAlgorithm;
  /** Aim for about this many superpixels (adjusts the algorithm's main parameter); omit to use params as given. */
  targetCount?: number;
  /** Algorithm parameters (SlicOptions | FelzenszwalbOptions | MeanShiftOptions), validated. */
  params?: Record<string, number | boolean | string>;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/**
 * Runs one superpixel algorithm. Labels are 0..M-1, contiguous, numbered in row-major order of
 * first appearance, each superpixel connected (see SUPERPIXEL_CONNECTIVITY), deterministic.
 * With `targetCount` the main parameter (SLIC nSegments, EGB scale, mean shift minArea) is
 * searched and the given value of that parameter, if any, is ignored.
 */
export function computeSuperpixels(image: RgbaImage, options: ComputeSuperpixelsOptions): LabelMap {
  assertRgbaImage(image);
  const { algorithm, targetCount, params = {}, signal, onProgress } = options;
  if (params === null || typeof params !== 'object') throw new TypeError('params must be an object');
  const ctx = { signal, onProgress };
  throwIfAborted(signal);
  switch (algorithm) {
    case 'slic': {
      const p = params as SlicOptions;
      if (targetCount === undefined) return slic(image, p, ctx);
      return slicForCount(image, targetCount, { ...p, nSegments: undefined }, ctx).map;
    }
    case 'egb': {
      const p = params as FelzenszwalbOptions;
      if (targetCount === undefined) return felzenszwalb(image, p, ctx);
      return felzenszwalbForCount(image, targetCount, { ...p, scale: undefined }, ctx).map;
    }
    case 'ms': {
      const p = params as MeanShiftOptions;
      if (targetCount === undefined) return meanShift(image, p, ctx);
      return meanShiftForCount(image, targetCount, { ...p, minArea: undefined }, ctx).map;
    }
    default:
      throw new RangeError(`unknown superpixel algorithm '${String(algorithm)}' (expected slic, egb or ms)`);
  }
}
