export interface WorkingSizeOptions {
  /**
   * Longest side of the working image in pixels. Images larger than this are scaled down,
   * keeping their aspect ratio; smaller ones keep their size (upscaling adds no information
   * and only slows every stage down).
   * @default 481 (the long side of a BSDS500 image)
   */
  longSide?: number;
}

export const DEFAULT_LONG_SIDE = 481;
export const MIN_LONG_SIDE = 16;
export const MAX_LONG_SIDE = 4096;

export interface Size {
  width: number;
  height: number;
}

function validate(options: WorkingSizeOptions): Required<WorkingSizeOptions> {
  const longSide = options.longSide ?? DEFAULT_LONG_SIDE;
  if (!Number.isInteger(longSide) || longSide < MIN_LONG_SIDE || longSide > MAX_LONG_SIDE) {
    throw new RangeError(
      `longSide must be an integer from ${MIN_LONG_SIDE} to ${MAX_LONG_SIDE}, got ${longSide}`,
    );
  }
  return { longSide };
}

/** The size an image of `width` x `height` is processed at. Both sides stay at least 1. */
export function workingSize(width: number, height: number, options: WorkingSizeOptions = {}): Size {
  const { longSide } = validate(options);
  if (!(width > 0 && height > 0) || !Number.isFinite(width) || !Number.isFinite(height)) {
    throw new RangeError(`image size must be positive, got ${width}x${height}`);
  }
  const long = Math.max(width, height);
  if (long <= longSide) return { width, height };
  const scale = longSide / long;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
