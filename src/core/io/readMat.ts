/**
 * A reader for MATLAB Level 5 MAT-files (the format of BSDS500's .mat files): numeric, logical,
 * char, cell and struct arrays, zlib-compressed elements, both byte orders. Sparse, complex and
 * object arrays are rejected with an error. Pure TypeScript: decompression is passed in, so the
 * reader runs in Node (zlib.inflateSync), in the page and in workers (DecompressionStream).
 *
 * Arrays keep MATLAB's column-major order: element (i, j) of an m x n array is data[i + j*m].
 */

export type MatNumericClass =
  | 'double'
  | 'single'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64';

export type MatNumericData =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

export interface MatNumeric {
  readonly kind: 'numeric';
  readonly class: MatNumericClass;
  /** True for MATLAB `logical` arrays (stored as uint8). */
  readonly logical: boolean;
  readonly dims: readonly number[];
  /** Column-major. int64/uint64 are returned as Float64Array (exact up to 2^53). */
  readonly data: MatNumericData;
}

export interface MatChar {
  readonly kind: 'char';
  readonly dims: readonly number[];
  /** The characters in column-major order (a row vector reads naturally). */
  readonly text: string;
}

export interface MatCell {
  readonly kind: 'cell';
  readonly dims: readonly number[];
  /** Column-major. */
  readonly cells: readonly MatValue[];
}

export interface MatStruct {
  readonly kind: 'struct';
  readonly dims: readonly number[];
  readonly fieldNames: readonly string[];
  /** One record per struct element, column-major. */
  readonly elements: readonly Readonly<Record<string, MatValue>>[];
}

export type MatValue = MatNumeric | MatChar | MatCell | MatStruct;

/** The variables of a MAT-file by name, in file order. */
export type MatFile = Map<string, MatValue>;

/** zlib (RFC 1950) decompression, synchronous. */
export type InflateSync = (compressed: Uint8Array) => Uint8Array;
/** zlib (RFC 1950) decompression, asynchronous. */
export type InflateAsync = (compressed: Uint8Array) => Promise<Uint8Array>;

// Data element types (MAT-file format, Table 1-1).
const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_INT16 = 3;
const MI_UINT16 = 4;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_SINGLE = 7;
const MI_DOUBLE = 9;
const MI_INT64 = 12;
const MI_UINT64 = 13;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const MI_UTF8 = 16;
const MI_UTF16 = 17;
const MI_UTF32 = 18;

const TYPE_SIZE: Record<number, number> = {
  [MI_INT8]: 1,
  [MI_UINT8]: 1,
  [MI_INT16]: 2,
  [MI_UINT16]: 2,
  [MI_INT32]: 4,
  [MI_UINT32]: 4,
  [MI_SINGLE]: 4,
  [MI_DOUBLE]: 8,
  [MI_INT64]: 8,
  [MI_UINT64]: 8,
  [MI_UTF8]: 1,
  [MI_UTF16]: 2,
  [MI_UTF32]: 4,
};

// Array classes (Table 1-3).
const CLASS_NAMES: Record<
  number,
  MatNumericClass | 'cell' | 'struct' | 'object' | 'char' | 'sparse'
> = {
  1: 'cell',
  2: 'struct',
  3: 'object',
  4: 'char',
  5: 'sparse',
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
};

const FLAG_COMPLEX = 0x0800;
const FLAG_LOGICAL = 0x0200;

/** Thrown for anything that is not a MAT-file this reader understands. */
export class MatFormatError extends Error {
  override name = 'MatFormatError';
}

interface Element {
  type: number;
  /** Absolute offset of the data in `bytes`. */
  start: number;
  length: number;
  /** Offset just past this element, padding included. */
  next: number;
}

class Reader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  element(pos: number, end: number): Element {
    if (pos + 8 > end) throw new MatFormatError(`truncated data element tag at byte ${pos}`);
    const first = this.view.getUint32(pos, this.little);
    // Small data element format: the byte count sits in the upper 16 bits and the data in the
    // 4 bytes after it.
    if (first >>> 16 !== 0) {
      const length = first >>> 16;
      if (length > 4) throw new MatFormatError(`bad small data element at byte ${pos}`);
      return { type: first & 0xffff, start: pos + 4, length, next: pos + 8 };
    }
    const length = this.view.getUint32(pos + 4, this.little);
    const start = pos + 8;
    if (start + length > end) {
      throw new MatFormatError(`data element at byte ${pos} runs past the end (${length} bytes)`);
    }
    // Compressed elements are not padded to 8 bytes; all others are.
    const next = first === MI_COMPRESSED ? start + length : start + Math.ceil(length / 8) * 8;
    return { type: first, start, length, next: Math.min(next, end) };
  }

  int32s(el: Element, what: string): number[] {
    if (el.type !== MI_INT32 && el.type !== MI_UINT32) {
      throw new MatFormatError(`${what}: expected int32 data, got element type ${el.type}`);
    }
    const out: number[] = [];
    for (let i = 0; i + 4 <= el.length; i += 4) {
      out.push(
        el.type === MI_INT32
          ? this.view.getInt32(el.start + i, this.little)
          : this.view.getUint32(el.start + i, this.little),
      );
    }
    return out;
  }

  ascii(el: Element): string {
    let s = '';
    for (let i = 0; i < el.length; i++) {
      const c = this.bytes[el.start + i];
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }

  /** Reads element `el` (any storage type) into `out` (the array's class type). */
  numbers(el: Element, out: { [i: number]: number; length: number }, what: string): void {
    const size = TYPE_SIZE[el.type];
    if (size === undefined || el.type === MI_UTF8 || el.type === MI_UTF16 || el.type === MI_UTF32) {
      throw new MatFormatError(`${what}: unsupported numeric storage type ${el.type}`);
    }
    const n = out.length;
    if (el.length !== n * size) {
      throw new MatFormatError(
        `${what}: expected ${n} values of ${size} bytes, got ${el.length} bytes`,
      );
    }
    const v = this.view;
    const le = this.little;
    const s = el.start;
    switch (el.type) {
      case MI_INT8:
        for (let i = 0; i < n; i++) out[i] = v.getInt8(s + i);
        break;
      case MI_UINT8:
        for (let i = 0; i < n; i++) out[i] = this.bytes[s + i];
        break;
      case MI_INT16:
        for (let i = 0; i < n; i++) out[i] = v.getInt16(s + 2 * i, le);
        break;
      case MI_UINT16:
        for (let i = 0; i < n; i++) out[i] = v.getUint16(s + 2 * i, le);
        break;
      case MI_INT32:
        for (let i = 0; i < n; i++) out[i] = v.getInt32(s + 4 * i, le);
        break;
      case MI_UINT32:
        for (let i = 0; i < n; i++) out[i] = v.getUint32(s + 4 * i, le);
        break;
      case MI_SINGLE:
        for (let i = 0; i < n; i++) out[i] = v.getFloat32(s + 4 * i, le);
        break;
      case MI_DOUBLE:
        for (let i = 0; i < n; i++) out[i] = v.getFloat64(s + 8 * i, le);
        break;
      case MI_INT64:
        for (let i = 0; i < n; i++) out[i] = Number(v.getBigInt64(s + 8 * i, le));
        break;
      case MI_UINT64:
        for (let i = 0; i < n; i++) out[i] = Number(v.getBigUint64(s + 8 * i, le));
        break;
    }
  }
}

function allocate(cls: MatNumericClass, n: number): MatNumericData {
  switch (cls) {
    case 'double':
    case 'int64':
    case 'uint64':
      return new Float64Array(n);
    case 'single':
      return new Float32Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
      return new Uint8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
  }
}

const EMPTY: MatNumeric = {
  kind: 'numeric',
  class: 'double',
  logical: false,
  dims: [0, 0],
  data: new Float64Array(0),
};

/** Parses the body of a miMATRIX element. Returns the array and its name. */
function parseMatrix(r: Reader, el: Element, path: string): { name: string; value: MatValue } {
  if (el.length === 0) return { name: '', value: EMPTY };
  const end = el.start + el.length;
  const flagsEl = r.element(el.start, end);
  if (flagsEl.type !== MI_UINT32 || flagsEl.length < 8) {
    throw new MatFormatError(`${path}: bad array flags`);
  }
  const flags = r.view.getUint32(flagsEl.start, r.little);
  const classId = flags & 0xff;
  const cls = CLASS_NAMES[classId];
  if (cls === undefined) throw new MatFormatError(`${path}: unknown array class ${classId}`);
  const dimsEl = r.element(flagsEl.next, end);
  const dims = r.int32s(dimsEl, `${path}: dimensions`);
  if (dims.length < 2 || dims.some((d) => d < 0)) {
    throw new MatFormatError(`${path}: bad dimensions [${dims.join(', ')}]`);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const nameEl = r.element(dimsEl.next, end);
  const name = r.ascii(nameEl);
  const here = name ? `${path}.${name}`.replace(/^\./, '') : path;
  let pos = nameEl.next;

  if (cls === 'sparse' || cls === 'object') {
    throw new MatFormatError(`${here}: ${cls} arrays are not supported`);
  }
  if (flags & FLAG_COMPLEX) throw new MatFormatError(`${here}: complex arrays are not supported`);

  if (cls === 'cell') {
    const cells: MatValue[] = [];
    for (let i = 0; i < count; i++) {
      const sub = r.element(pos, end);
      if (sub.type !== MI_MATRIX)
        throw new MatFormatError(`${here}{${i + 1}}: expected a matrix element`);
      cells.push(parseMatrix(r, sub, `${here}{${i + 1}}`).value);
      pos = sub.next;
    }
    return { name, value: { kind: 'cell', dims, cells } };
  }

  if (cls === 'struct') {
    const lenEl = r.element(pos, end);
    const [fieldLen] = r.int32s(lenEl, `${here}: field name length`);
    if (!(fieldLen > 0)) throw new MatFormatError(`${here}: bad field name length ${fieldLen}`);
    const namesEl = r.element(lenEl.next, end);
    const fieldNames: string[] = [];
    for (let i = 0; i + fieldLen <= namesEl.length; i += fieldLen) {
      fieldNames.push(r.ascii({ ...namesEl, start: namesEl.start + i, length: fieldLen }));
    }
    pos = namesEl.next;
    const elements: Record<string, MatValue>[] = [];
    for (let i = 0; i < count; i++) {
      const rec: Record<string, MatValue> = {};
      for (const f of fieldNames) {
        const sub = r.element(pos, end);
        if (sub.type !== MI_MATRIX)
          throw new MatFormatError(`${here}(${i + 1}).${f}: expected a matrix element`);
        rec[f] = parseMatrix(r, sub, `${here}(${i + 1}).${f}`).value;
        pos = sub.next;
      }
      elements.push(rec);
    }
    return { name, value: { kind: 'struct', dims, fieldNames, elements } };
  }

  const realEl = r.element(pos, end);
  if (cls === 'char') {
    let text = '';
    if (realEl.type === MI_UTF8) {
      text = new TextDecoder('utf-8').decode(
        r.bytes.subarray(realEl.start, realEl.start + realEl.length),
      );
    } else {
      const codes = new Uint32Array(count);
      r.numbers(realEl, codes, here);
      for (let i = 0; i < count; i++) text += String.fromCodePoint(codes[i]);
    }
    return { name, value: { kind: 'char', dims, text } };
  }

  const data = allocate(cls, count);
  r.numbers(realEl, data, here);
  return {
    name,
    value: { kind: 'numeric', class: cls, logical: (flags & FLAG_LOGICAL) !== 0, dims, data },
  };
}

interface TopLevel {
  little: boolean;
  /** Top-level elements: either a location in the file or a compressed payload. */
  parts: { bytes: Uint8Array; compressed: boolean }[];
}

function scanTopLevel(bytes: Uint8Array): TopLevel {
  if (bytes.length < 128)
    throw new MatFormatError('not a MAT-file: shorter than its 128-byte header');
  const head = String.fromCharCode(...bytes.subarray(0, 6));
  if (head !== 'MATLAB')
    throw new MatFormatError('not a MATLAB 5.0 MAT-file (no "MATLAB" header text)');
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (endian !== 'IM' && endian !== 'MI') {
    throw new MatFormatError(
      `not a Level 5 MAT-file (endian indicator "${endian}"; v7.3 HDF5 files are not supported)`,
    );
  }
  const little = endian === 'IM';
  const r = new Reader(bytes, little);
  const parts: TopLevel['parts'] = [];
  let pos = 128;
  while (pos < bytes.length) {
    if (bytes.length - pos < 8) break; // trailing padding
    const el = r.element(pos, bytes.length);
    if (el.type === MI_COMPRESSED) {
      parts.push({ bytes: bytes.subarray(el.start, el.start + el.length), compressed: true });
    } else {
      parts.push({ bytes: bytes.subarray(pos, el.next), compressed: false });
    }
    pos = el.next;
  }
  return { little, parts };
}

function parseParts(little: boolean, parts: Uint8Array[]): MatFile {
  const out: MatFile = new Map();
  for (const part of parts) {
    const r = new Reader(part, little);
    let pos = 0;
    while (pos + 8 <= part.length) {
      const el = r.element(pos, part.length);
      if (el.type === MI_MATRIX) {
        const { name, value } = parseMatrix(r, el, '');
        out.set(name, value);
      } else if (el.type === MI_COMPRESSED) {
        throw new MatFormatError('nested compressed element');
      }
      pos = el.next;
    }
  }
  return out;
}

function wrapInflateError(e: unknown): never {
  throw new MatFormatError(
    `corrupt compressed data element: ${e instanceof Error ? e.message : String(e)}`,
  );
}

/** Parses a MAT-file, decompressing compressed elements with `inflate`. */
export function parseMat(bytes: Uint8Array, inflate: InflateSync): MatFile {
  const { little, parts } = scanTopLevel(bytes);
  const plain = parts.map((p) => {
    if (!p.compressed) return p.bytes;
    try {
      return inflate(p.bytes);
    } catch (e) {
      return wrapInflateError(e);
    }
  });
  return parseParts(little, plain);
}

/** zlib decompression with the standard DecompressionStream (browsers, workers, Node >= 18). */
export async function inflateWithDecompressionStream(compressed: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Parses a MAT-file with asynchronous decompression (DecompressionStream by default). */
export async function parseMatAsync(
  bytes: Uint8Array,
  inflate: InflateAsync = inflateWithDecompressionStream,
): Promise<MatFile> {
  const { little, parts } = scanTopLevel(bytes);
  const plain = await Promise.all(
    parts.map(async (p) => {
      if (!p.compressed) return p.bytes;
      try {
        return await inflate(p.bytes);
      } catch (e) {
        return wrapInflateError(e);
      }
    }),
  );
  return parseParts(little, plain);
}
