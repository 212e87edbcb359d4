import { describe, expect, it } from 'vitest';
import { alphaOver } from './alphaOver';
import { composeGrid } from './composeGrid';
import { createRgbaImage, type RgbaImage } from './RgbaImage';

const px = (img: RgbaImage, x: number, y: number): number[] =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

const NAMES: Record<string, string> = {
  '9,9,9,255': '.',
  '255,0,0,255': 'R',
  '0,255,0,255': 'G',
  '0,0,255,255': 'U',
};

/** One string per row, one letter per pixel (? for an unexpected colour). */
function asText(img: RgbaImage): string[] {
  const rows: string[] = [];
  for (let y = 0; y < img.height; y++) {
    let row = '';
    for (let x = 0; x < img.width; x++) row += NAMES[px(img, x, y).join(',')] ?? '?';
    rows.push(row);
  }
  return rows;
}

describe('composeGrid', () => {
  it('sizes columns and rows by their largest cell and centres smaller cells', () => {
    const red = createRgbaImage(4, 2, [255, 0, 0, 255]);
    const green = createRgbaImage(2, 6, [0, 255, 0, 255]);
    const blue = createRgbaImage(2, 2, [0, 0, 255, 255]);
    // Column 0: red (4x2) over blue (2x2) -> 4 wide; column 1: green (2x6), empty -> 2 wide.
    // Row 0: red, green -> 6 tall; row 1: blue, null -> 2 tall.
    const grid = composeGrid(
      [
        [red, green],
        [blue, null],
      ],
      { gap: 1, background: [9, 9, 9] },
    );
    expect([grid.width, grid.height]).toEqual([1 + 4 + 1 + 2 + 1, 1 + 6 + 1 + 2 + 1]);
    // R red, G green, U blue, . background: red centred vertically in its 6-row cell, blue
    // horizontally in its 4-wide column, the empty cell left as background.
    expect(asText(grid)).toEqual([
      '.........',
      '......GG.',
      '......GG.',
      '.RRRR.GG.',
      '.RRRR.GG.',
      '......GG.',
      '......GG.',
      '.........',
      '..UU.....',
      '..UU.....',
      '.........',
    ]);
  });

  it('rejects bad options and empty grids', () => {
    const one = createRgbaImage(1, 1);
    expect(() => composeGrid([[one]], { gap: -1 })).toThrow(/gap/);
    expect(() => composeGrid([[one]], { background: [0, 0, 300] })).toThrow(/background/);
    expect(() => composeGrid([])).toThrow(/at least one row/);
    expect(() => composeGrid([[null, null]])).toThrow(/every cell is empty/);
  });
});

describe('alphaOver', () => {
  it('blends by the top alpha and returns an opaque image', () => {
    const base = createRgbaImage(2, 1, [100, 100, 100, 255]);
    const top = createRgbaImage(2, 1, [200, 0, 50, 0]);
    top.data.set([200, 0, 50, 255], 4);
    const half = createRgbaImage(1, 1, [200, 0, 50, 128]);
    expect(Array.from(alphaOver(base, top).data)).toEqual([100, 100, 100, 255, 200, 0, 50, 255]);
    expect(px(alphaOver(createRgbaImage(1, 1, [100, 100, 100, 255]), half), 0, 0)).toEqual([
      150, 50, 75, 255,
    ]);
    expect(() => alphaOver(base, half)).toThrow(/does not match/);
  });
});
