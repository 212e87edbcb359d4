/**
 * BSDS500 MAT-file contents as this project's types: ground truth and `segs` as LabelMap[]
 * (row-major, labels 0-based: MATLAB label k becomes k-1), `ucm2` as a row-major float map.
 */
import type { LabelMap } from '../image/LabelMap';
import type { MatFile, MatNumeric, MatValue } from './readMat';

/** A real-valued map, row-major. */
export interface FloatMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float64Array;
}

function variable(mat: MatFile, name: string, what: string): MatValue {
  const v = mat.get(name);
  if (!v) {
    const have = [...mat.keys()].join(', ') || 'none';
    throw new Error(`${what}: no variable "${name}" (variables: ${have})`);
  }
  return v;
}

function matrix(v: MatValue, what: string): MatNumeric {
  if (v.kind !== 'numeric')
    throw new Error(`${what}: expected a numeric matrix, got a ${v.kind} array`);
  if (v.dims.length !== 2 || v.dims[0] === 0 || v.dims[1] === 0) {
    throw new Error(`${what}: expected a non-empty 2-D matrix, got size [${v.dims.join('x')}]`);
  }
  return v;
}

/**
 * Converts a MATLAB label matrix (labels 1..n, column-major) into a row-major 0-based LabelMap.
 * Throws, naming `what`, on non-integer, zero or negative labels and on labels that skip a value
 * (the official benchmark's region statistics assume labels 1..n all present).
 */
export function labelMapFromMatrix(m: MatNumeric, what: string): LabelMap {
  const [height, width] = m.dims;
  const src = m.data;
  const labels = new Int32Array(width * height);
  let max = 0;
  for (let x = 0; x < width; x++) {
    const col = x * height;
    for (let y = 0; y < height; y++) {
      const v = src[col + y];
      if (!Number.isInteger(v) || v < 1) {
        throw new Error(
          `${what}: label ${v} at row ${y + 1}, column ${x + 1}; labels must be integers >= 1`,
        );
      }
      if (v > max) max = v;
      labels[y * width + x] = v - 1;
    }
  }
  assertContiguous(labels, max, what);
  return { width, height, labels };
}

/** Throws unless every label 0..count-1 occurs in `labels` (all assumed within [0, count)). */
export function assertContiguous(labels: Int32Array, count: number, what: string): void {
  if (count > labels.length) {
    throw new Error(
      `${what}: labels are not contiguous (largest label ${count} but only ${labels.length} pixels)`,
    );
  }
  const seen = new Uint8Array(count);
  let distinct = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!seen[l]) {
      seen[l] = 1;
      distinct++;
    }
  }
  if (distinct !== count) {
    const missing = seen.indexOf(0) + 1;
    throw new Error(
      `${what}: labels are not contiguous (${distinct} distinct labels, largest ${count}, label ${missing} missing)`,
    );
  }
}

/** The human segmentations of a BSDS500 `groundTruth` file (1xG cell of structs). */
export function groundTruthFromMat(mat: MatFile, what = 'groundTruth'): LabelMap[] {
  const gt = variable(mat, 'groundTruth', what);
  if (gt.kind !== 'cell')
    throw new Error(`${what}: "groundTruth" is a ${gt.kind} array, expected a cell array`);
  if (gt.cells.length === 0) throw new Error(`${what}: "groundTruth" is empty`);
  const maps = gt.cells.map((c, i) => {
    const here = `${what}: groundTruth{${i + 1}}`;
    if (c.kind !== 'struct' || c.elements.length !== 1) {
      throw new Error(`${here} is not a 1x1 struct`);
    }
    const seg = c.elements[0].Segmentation;
    if (!seg) throw new Error(`${here} has no field "Segmentation"`);
    return labelMapFromMatrix(matrix(seg, `${here}.Segmentation`), `${here}.Segmentation`);
  });
  assertSameSize(maps, what);
  return maps;
}

/** The segmentations of a `segs` file (1xS cell of label matrices), one per setting. */
export function segsFromMat(mat: MatFile, what = 'segs'): LabelMap[] {
  const segs = variable(mat, 'segs', what);
  if (segs.kind !== 'cell')
    throw new Error(`${what}: "segs" is a ${segs.kind} array, expected a cell array`);
  if (segs.cells.length === 0) throw new Error(`${what}: "segs" is empty`);
  const maps = segs.cells.map((c, i) =>
    labelMapFromMatrix(matrix(c, `${what}: segs{${i + 1}}`), `${what}: segs{${i + 1}}`),
  );
  assertSameSize(maps, what);
  return maps;
}

/** The `ucm2` variable: a (2H+1) x (2W+1) ultrametric contour map, row-major. */
export function ucm2FromMat(mat: MatFile, what = 'ucm2'): FloatMap {
  const m = matrix(variable(mat, 'ucm2', what), `${what}: ucm2`);
  const [height, width] = m.dims;
  if (height < 3 || width < 3 || height % 2 === 0 || width % 2 === 0) {
    throw new Error(`${what}: ucm2 must be (2H+1)x(2W+1), got ${height}x${width}`);
  }
  const data = new Float64Array(width * height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = m.data[x * height + y];
      if (Number.isNaN(v))
        throw new Error(`${what}: ucm2 holds NaN at row ${y + 1}, column ${x + 1}`);
      data[y * width + x] = v;
    }
  }
  return { width, height, data };
}

function assertSameSize(maps: LabelMap[], what: string): void {
  const { width, height } = maps[0];
  maps.forEach((m, i) => {
    if (m.width !== width || m.height !== height) {
      throw new Error(
        `${what}: map ${i + 1} is ${m.height}x${m.width}, map 1 is ${height}x${width}`,
      );
    }
  });
}
