import { describe, expect, it } from 'vitest';
import { createRgbaImage } from '../image/RgbaImage';
import { labelColor } from './labelColor';
import { renderOverlay } from './renderOverlay';

// 4x2: left half label 0 (red pixels), right half label 1 (blue pixels, one darker).
const map = { width: 4, height: 2, labels: Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1]) };
const image = createRgbaImage(4, 2, [255, 0, 0, 255]);
for (const i of [2, 3, 6]) image.data.set([0, 0, 200, 255], i * 4);
image.data.set([0, 0, 100, 255], 7 * 4);

const px = (d: Uint8ClampedArray, i: number) => Array.from(d.slice(i * 4, i * 4 + 4));

describe('renderOverlay', () => {
  it('paints each label in its palette colour at the given opacity', () => {
    const out = renderOverlay(map, image, { mode: 'labels', opacity: 0.5 });
    expect(px(out.data, 0)).toEqual([...labelColor(0), 128]);
    expect(px(out.data, 3)).toEqual([...labelColor(1), 128]);
    expect(labelColor(0)).not.toEqual(labelColor(1));
  });

  it('paints each region in its mean image colour', () => {
    const out = renderOverlay(map, image, { mode: 'mean', opacity: 1 });
    expect(px(out.data, 5)).toEqual([255, 0, 0, 255]);
    expect(px(out.data, 2)).toEqual([0, 0, 175, 255]);
  });

  it('marks only the pixels where the label changes', () => {
    const out = renderOverlay(map, image, { mode: 'boundaries', opacity: 1, boundaryColor: [1, 2, 3] });
    const drawn = [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => out.data[i * 4 + 3] > 0);
    expect(drawn).toEqual([1, 5]);
    expect(px(out.data, 1)).toEqual([1, 2, 3, 255]);
  });

  it('rejects a label map of another size and a nonsense opacity', () => {
    expect(() => renderOverlay({ ...map, width: 2, height: 4 }, image)).toThrow(/does not match/);
    expect(() => renderOverlay(map, image, { opacity: 2 })).toThrow(/opacity/);
  });
});
