import { assertRgbaImage, createRgbaImage, type RgbaImage } from './RgbaImage';

export interface ComposeGridOptions {
  /** Pixels between cells and around the grid. @default 4 */
  gap?: number;
  /** Colour of the gaps and of the unused part of a cell. @default [255, 255, 255] (white) */
  background?: readonly [number, number, number];
}

function validate(options: ComposeGridOptions): Required<ComposeGridOptions> {
  const gap = options.gap ?? 4;
  if (!Number.isInteger(gap) || gap < 0)
    throw new RangeError(`gap must be a non-negative integer, got ${gap}`);
  const background = options.background ?? [255, 255, 255];
  if (background.length !== 3 || background.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) {
    throw new RangeError(
      `background must be three integers in 0..255, got [${background.join(', ')}]`,
    );
  }
  return { gap, background };
}

/**
 * Lays images out in a grid (`rows[r][c]`, `null` = an empty cell): each column is as wide as its
 * widest image and each row as tall as its tallest, so portrait and landscape photographs can share
 * a figure; an image smaller than its cell is centred in it. Pixels are copied, never resampled.
 */
export function composeGrid(
  rows: readonly (readonly (RgbaImage | null)[])[],
  options: ComposeGridOptions = {},
): RgbaImage {
  const { gap, background } = validate(options);
  if (rows.length === 0) throw new RangeError('rows must hold at least one row');
  const nCols = Math.max(...rows.map((r) => r.length));
  if (nCols === 0) throw new RangeError('rows must hold at least one cell');
  const colW = new Array<number>(nCols).fill(0);
  const rowH = rows.map(() => 0);
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell) return;
      assertRgbaImage(cell, `cell (${r}, ${c})`);
      colW[c] = Math.max(colW[c], cell.width);
      rowH[r] = Math.max(rowH[r], cell.height);
    }),
  );
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const width = sum(colW) + gap * (nCols + 1);
  const height = sum(rowH) + gap * (rows.length + 1);
  if (width === gap * (nCols + 1) || height === gap * (rows.length + 1))
    throw new RangeError('every cell is empty');
  const out = createRgbaImage(width, height, [...background, 255]);
  let top = gap;
  rows.forEach((row, r) => {
    let left = gap;
    for (let c = 0; c < nCols; c++) {
      const cell = row[c];
      if (cell) {
        const x0 = left + Math.floor((colW[c] - cell.width) / 2);
        const y0 = top + Math.floor((rowH[r] - cell.height) / 2);
        for (let y = 0; y < cell.height; y++) {
          const src = cell.data.subarray(y * cell.width * 4, (y + 1) * cell.width * 4);
          out.data.set(src, ((y0 + y) * width + x0) * 4);
        }
      }
      left += colW[c] + gap;
    }
    top += rowH[r] + gap;
  });
  return out;
}
