import { describe, expect, it } from 'vitest';
import { compositeOnWhite } from './compositeOnWhite';
import { countLabels, relabelByFirstAppearance } from './LabelMap';
import { assertRgbaImage, createRgbaImage } from './RgbaImage';
import { jpegLooksComplete, sniffImageType } from './sniffImageType';
import { workingSize } from './workingSize';

describe('workingSize', () => {
  it('scales the long side down to 481 by default, keeping the aspect ratio', () => {
    expect(workingSize(10000, 8000)).toEqual({ width: 481, height: 385 });
    expect(workingSize(3000, 4000)).toEqual({ width: 361, height: 481 });
  });
  it('leaves smaller images alone and keeps at least one pixel per side', () => {
    expect(workingSize(1, 1)).toEqual({ width: 1, height: 1 });
    expect(workingSize(481, 321)).toEqual({ width: 481, height: 321 });
    expect(workingSize(5000, 2, { longSide: 100 })).toEqual({ width: 100, height: 1 });
  });
  it('rejects nonsense sizes and settings with a message naming the field', () => {
    expect(() => workingSize(0, 10)).toThrow(/size must be positive/);
    expect(() => workingSize(10, 10, { longSide: 3.5 })).toThrow(/longSide/);
    expect(() => workingSize(10, 10, { longSide: 1e6 })).toThrow(/longSide/);
    expect(() => workingSize(Number.NaN, 10)).toThrow(/size must be positive/);
  });
});

describe('compositeOnWhite', () => {
  it('blends translucent pixels over white and makes them opaque', () => {
    const img = createRgbaImage(3, 1);
    img.data.set([0, 0, 0, 0, 255, 0, 0, 128, 10, 20, 30, 255]);
    expect(compositeOnWhite(img)).toBe(2);
    expect(Array.from(img.data)).toEqual([255, 255, 255, 255, 255, 127, 127, 255, 10, 20, 30, 255]);
  });
});

describe('RgbaImage', () => {
  it('rejects a buffer of the wrong length', () => {
    expect(() => assertRgbaImage({ width: 2, height: 2, data: new Uint8ClampedArray(15) })).toThrow(/expected 16 bytes/);
  });
});

describe('sniffImageType', () => {
  it('recognises image files by their magic bytes', () => {
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBe('gif');
    expect(sniffImageType(new TextEncoder().encode('hello world'))).toBe('unknown');
    expect(sniffImageType(new Uint8Array(0))).toBe('unknown');
  });
  it('tells a complete JPEG from a truncated one', () => {
    expect(jpegLooksComplete(new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]))).toBe(true);
    expect(jpegLooksComplete(new Uint8Array([0xff, 0xd8, 1, 2, 3, 4, 5]))).toBe(false);
  });
});

describe('relabelByFirstAppearance', () => {
  it('numbers labels 0.. in row-major order of first appearance', () => {
    const { labels, count } = relabelByFirstAppearance([7, 7, 3, 9, 3, 7]);
    expect(Array.from(labels)).toEqual([0, 0, 1, 2, 1, 0]);
    expect(count).toBe(3);
    expect(countLabels([5, 5, 1])).toBe(2);
  });
});
