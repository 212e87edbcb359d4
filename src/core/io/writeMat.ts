/**
 * A writer for MATLAB Level 5 MAT-files (uncompressed, little-endian): numeric, logical, char,
 * cell and struct arrays. Enough to write BSDS500-style `segs` and `groundTruth` files that
 * MATLAB, scipy and readMat read back. Column-major, as in readMat.
 */
import type { LabelMap } from '../image/LabelMap';
import type { MatNumericClass, MatValue } from './readMat';

const CLASS_ID: Record<MatNumericClass, number> = {
  double: 6,
  single: 7,
  int8: 8,
  uint8: 9,
  int16: 10,
  uint16: 11,
  int32: 12,
  uint32: 13,
  int64: 14,
  uint64: 15,
};

// Storage type and byte size per class (int64/uint64 are written as doubles' values in 64-bit ints).
const STORAGE: Record<MatNumericClass, [type: number, size: number]> = {
  double: [9, 8],
  single: [7, 4],
  int8: [1, 1],
  uint8: [2, 1],
  int16: [3, 2],
  uint16: [4, 2],
  int32: [5, 4],
  uint32: [6, 4],
  int64: [12, 8],
  uint64: [13, 8],
};

class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u32(x: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, x, true);
    this.length += 4;
  }

  setU32(at: number, x: number): void {
    this.view.setUint32(at, x, true);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  pad8(): void {
    const n = (8 - (this.length % 8)) % 8;
    this.ensure(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function element(w: ByteWriter, type: number, payload: Uint8Array): void {
  w.u32(type);
  w.u32(payload.length);
  w.bytes(payload);
  w.pad8();
}

function encode(type: number, size: number, values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const at = i * size;
    switch (type) {
      case 1:
        v.setInt8(at, x);
        break;
      case 2:
        v.setUint8(at, x);
        break;
      case 3:
        v.setInt16(at, x, true);
        break;
      case 4:
        v.setUint16(at, x, true);
        break;
      case 5:
        v.setInt32(at, x, true);
        break;
      case 6:
        v.setUint32(at, x, true);
        break;
      case 7:
        v.setFloat32(at, x, true);
        break;
      case 9:
        v.setFloat64(at, x, true);
        break;
      case 12:
        v.setBigInt64(at, BigInt(x), true);
        break;
      case 13:
        v.setBigUint64(at, BigInt(x), true);
        break;
    }
  }
  return out;
}

function matrix(w: ByteWriter, name: string, value: MatValue): void {
  w.u32(14); // miMATRIX
  const sizeAt = w.length;
  w.u32(0);
  const start = w.length;
  const classId =
    value.kind === 'cell'
      ? 1
      : value.kind === 'struct'
        ? 2
        : value.kind === 'char'
          ? 4
          : CLASS_ID[value.class];
  const logical = value.kind === 'numeric' && value.logical ? 0x0200 : 0;
  element(w, 6, encode(6, 4, [classId | logical, 0]));
  element(w, 5, encode(5, 4, value.dims));
  element(w, 1, new TextEncoder().encode(name));
  if (value.kind === 'numeric') {
    const [type, size] = STORAGE[value.class];
    element(w, type, encode(type, size, value.data));
  } else if (value.kind === 'char') {
    const codes = Array.from(value.text, (c) => c.codePointAt(0)!);
    element(w, 4, encode(4, 2, codes));
  } else if (value.kind === 'cell') {
    for (const c of value.cells) matrix(w, '', c);
  } else {
    const len = Math.max(...value.fieldNames.map((f) => f.length), 0) + 1;
    element(w, 5, encode(5, 4, [len]));
    const names = new Uint8Array(len * value.fieldNames.length);
    value.fieldNames.forEach((f, i) => names.set(new TextEncoder().encode(f), i * len));
    element(w, 1, names);
    for (const rec of value.elements) for (const f of value.fieldNames) matrix(w, '', rec[f]);
  }
  w.setU32(sizeAt, w.length - start);
}

/** Encodes variables (name -> value) as an uncompressed Level 5 MAT-file. */
export function writeMat(variables: Iterable<[string, MatValue]>): Uint8Array {
  const w = new ByteWriter();
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode('MATLAB 5.0 MAT-file, written by deep-superpixel-cut'));
  header.fill(0, 116, 124);
  header.set([0x00, 0x01, 0x49, 0x4d], 124); // version 0x0100, "IM": little-endian
  w.bytes(header);
  for (const [name, value] of variables) matrix(w, name, value);
  return w.result();
}

/**
 * A row-major 0-based label map as a MATLAB label matrix (labels 1..n, column-major): uint16
 * when the labels fit, else double.
 */
export function labelMatrix(map: LabelMap, cls?: 'double' | 'uint16'): MatValue {
  const { width, height, labels } = map;
  if (cls === undefined) cls = labels.every((l) => l < 65535) ? 'uint16' : 'double';
  const data =
    cls === 'double' ? new Float64Array(width * height) : new Uint16Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data[x * height + y] = labels[y * width + x] + 1;
  return { kind: 'numeric', class: cls, logical: false, dims: [height, width], data };
}

/** A BSDS500-style `segs` file (1xS cell of label matrices), one segmentation per setting. */
export function segsMat(segs: readonly LabelMap[]): Uint8Array {
  return writeMat([
    ['segs', { kind: 'cell', dims: [1, segs.length], cells: segs.map((s) => labelMatrix(s)) }],
  ]);
}

/**
 * A BSDS500 ground-truth file (`groundTruth`, 1xG cell of structs with Segmentation and
 * Boundaries), one human segmentation per cell; Boundaries holds the labels too, as nothing here
 * reads it.
 */
export function groundTruthMat(gts: readonly LabelMap[]): Uint8Array {
  const cells = gts.map((g) => ({
    kind: 'struct' as const,
    dims: [1, 1],
    fieldNames: ['Segmentation', 'Boundaries'],
    elements: [{ Segmentation: labelMatrix(g), Boundaries: labelMatrix(g) }],
  }));
  return writeMat([['groundTruth', { kind: 'cell', dims: [1, cells.length], cells }]]);
}
