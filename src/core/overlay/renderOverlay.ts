import { assertLabelMap, type LabelMap } from '../image/LabelMap';
import { assertRgbaImage, type RgbaImage } from '../image/RgbaImage';
import { labelColor } from './labelColor';

export type OverlayMode = 'labels' | 'mean' | 'boundaries';
export const OVERLAY_MODES: readonly OverlayMode[] = ['labels', 'mean', 'boundaries'];

export interface RenderOverlayOptions {
  /**
   * `labels`: a distinct colour per region; `mean`: each region painted in its mean image colour;
   * `boundaries`: only the pixels where the label changes.
   * @default 'labels'
   */
  mode?: OverlayMode;
  /** Opacity of the painted pixels, 0..1. @default 0.6 */
  opacity?: number;
  /** Colour of boundary pixels. @default [255, 230, 0] */
  boundaryColor?: readonly [number, number, number];
}

function validate(options: RenderOverlayOptions): Required<RenderOverlayOptions> {
  const mode = options.mode ?? 'labels';
  if (!OVERLAY_MODES.includes(mode)) throw new RangeError(`mode must be one of ${OVERLAY_MODES.join(', ')}, got ${mode}`);
  const opacity = options.opacity ?? 0.6;
  if (!(opacity >= 0 && opacity <= 1)) throw new RangeError(`opacity must be in [0, 1], got ${opacity}`);
  return { mode, opacity, boundaryColor: options.boundaryColor ?? [255, 230, 0] };
}

/**
 * Paints a label map as an RGBA overlay the size of the image (transparent where nothing is
 * drawn), to be composited above the image canvas. `out` is reused when it has the right length.
 */
export function renderOverlay(
  map: LabelMap,
  image: RgbaImage,
  options: RenderOverlayOptions = {},
  out?: Uint8ClampedArray,
): RgbaImage {
  const { mode, opacity, boundaryColor } = validate(options);
  assertLabelMap(map);
  assertRgbaImage(image);
  if (map.width !== image.width || map.height !== image.height) {
    throw new RangeError(`label map ${map.width}x${map.height} does not match image ${image.width}x${image.height}`);
  }
  const { width, height, labels } = map;
  const n = width * height;
  const data = out && out.length === n * 4 ? out : new Uint8ClampedArray(n * 4);
  const alpha = Math.round(opacity * 255);

  if (mode === 'boundaries') {
    data.fill(0);
    const a = Math.max(alpha, 1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const l = labels[i];
        const edge = (x + 1 < width && labels[i + 1] !== l) || (y + 1 < height && labels[i + width] !== l);
        if (!edge) continue;
        data[i * 4] = boundaryColor[0];
        data[i * 4 + 1] = boundaryColor[1];
        data[i * 4 + 2] = boundaryColor[2];
        data[i * 4 + 3] = a;
      }
    }
    return { width, height, data };
  }

  let maxLabel = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0) throw new RangeError(`labels must be non-negative, got ${labels[i]} at pixel ${i}`);
    if (labels[i] > maxLabel) maxLabel = labels[i];
  }
  const palette = new Uint8ClampedArray((maxLabel + 1) * 3);
  if (mode === 'labels') {
    for (let l = 0; l <= maxLabel; l++) palette.set(labelColor(l), l * 3);
  } else {
    const sums = new Float64Array((maxLabel + 1) * 4);
    for (let i = 0; i < n; i++) {
      const o = labels[i] * 4;
      sums[o] += image.data[i * 4];
      sums[o + 1] += image.data[i * 4 + 1];
      sums[o + 2] += image.data[i * 4 + 2];
      sums[o + 3]++;
    }
    for (let l = 0; l <= maxLabel; l++) {
      const c = sums[l * 4 + 3] || 1;
      palette[l * 3] = Math.round(sums[l * 4] / c);
      palette[l * 3 + 1] = Math.round(sums[l * 4 + 1] / c);
      palette[l * 3 + 2] = Math.round(sums[l * 4 + 2] / c);
    }
  }
  for (let i = 0; i < n; i++) {
    const o = labels[i] * 3;
    data[i * 4] = palette[o];
    data[i * 4 + 1] = palette[o + 1];
    data[i * 4 + 2] = palette[o + 2];
    data[i * 4 + 3] = alpha;
  }
  return { width, height, data };
}
