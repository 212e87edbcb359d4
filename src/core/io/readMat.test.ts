import { describe, expect, it } from 'vitest';
import { groundTruthFromMat, segsFromMat, ucm2FromMat } from './bsdsMat';
import { MatFormatError, parseMat, parseMatAsync, type MatValue } from './readMat';
import { labelMatrix, segsMat, writeMat } from './writeMat';

const noInflate = (): Uint8Array => {
  throw new Error('no compressed data expected');
};

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Rewrites an uncompressed MAT-file with each variable in a miCOMPRESSED element. */
async function compress(file: Uint8Array): Promise<Uint8Array> {
  const view = new DataView(file.buffer, file.byteOffset);
  const parts: Uint8Array[] = [file.subarray(0, 128)];
  let pos = 128;
  while (pos < file.length) {
    const len = view.getUint32(pos + 4, true);
    const z = await deflate(file.subarray(pos, pos + 8 + len));
    const tag = new Uint8Array(8);
    new DataView(tag.buffer).setUint32(0, 15, true);
    new DataView(tag.buffer).setUint32(4, z.length, true);
    parts.push(tag, z);
    pos += 8 + len;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const num = (
  cls: 'double' | 'uint8' | 'int16',
  dims: number[],
  values: number[],
  logical = false,
): MatValue => {
  const data =
    cls === 'double'
      ? Float64Array.from(values)
      : cls === 'uint8'
        ? Uint8Array.from(values)
        : Int16Array.from(values);
  return { kind: 'numeric', class: cls, logical, dims, data };
};

describe('readMat', () => {
  const file = writeMat([
    ['a', num('double', [2, 3], [1, 2, 3, 4, 5, 6.5])],
    ['b', num('int16', [1, 2], [-7, 300])],
    ['mask', num('uint8', [1, 2], [1, 0], true)],
    ['s', { kind: 'char', dims: [1, 5], text: 'hello' }],
    [
      'c',
      {
        kind: 'cell',
        dims: [1, 2],
        cells: [
          {
            kind: 'struct',
            dims: [1, 1],
            fieldNames: ['x', 'longer'],
            elements: [{ x: num('double', [1, 1], [42]), longer: num('uint8', [0, 0], []) }],
          },
          num('double', [1, 1], [-1]),
        ],
      },
    ],
  ]);

  it('reads numeric, logical, char, cell and struct arrays with their dimensions', () => {
    const mat = parseMat(file, noInflate);
    expect([...mat.keys()]).toEqual(['a', 'b', 'mask', 's', 'c']);
    const a = mat.get('a');
    expect(a).toMatchObject({ kind: 'numeric', class: 'double', dims: [2, 3] });
    expect(Array.from((a as { data: Float64Array }).data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    expect(Array.from((mat.get('b') as { data: Int16Array }).data)).toEqual([-7, 300]);
    expect(mat.get('mask')).toMatchObject({ class: 'uint8', logical: true });
    expect(mat.get('s')).toMatchObject({ kind: 'char', text: 'hello' });
    const c = mat.get('c');
    expect(c?.kind).toBe('cell');
    if (c?.kind !== 'cell') return;
    const st = c.cells[0];
    expect(st).toMatchObject({ kind: 'struct', fieldNames: ['x', 'longer'] });
    if (st.kind !== 'struct') return;
    expect(Array.from((st.elements[0].x as { data: Float64Array }).data)).toEqual([42]);
    expect(st.elements[0].longer).toMatchObject({ dims: [0, 0] });
    expect(Array.from((c.cells[1] as { data: Float64Array }).data)).toEqual([-1]);
  });

  it('reads compressed elements through the inflate function it is given', async () => {
    const z = await compress(file);
    expect(z.length).not.toBe(file.length);
    const viaStream = await parseMatAsync(z);
    expect(Array.from((viaStream.get('a') as { data: Float64Array }).data)).toEqual([
      1, 2, 3, 4, 5, 6.5,
    ]);
    // The sync API with a lookup-table "inflate": it must hand over exactly the compressed payloads.
    const payloads = new Map<string, Uint8Array>();
    const plain = parseMat(file, noInflate);
    await parseMatAsync(z, async (bytes) => {
      const out = await (await import('./readMat')).inflateWithDecompressionStream(bytes);
      payloads.set(bytes.join(','), out);
      return out;
    });
    const viaSync = parseMat(z, (bytes) => payloads.get(bytes.join(','))!);
    expect([...viaSync.keys()]).toEqual([...plain.keys()]);
    expect(viaSync.get('c')).toEqual(plain.get('c'));
  });

  it('reads MATLAB small data elements (4 bytes or fewer packed into the tag)', () => {
    // A 1x1 uint8 array whose data element uses the small format.
    const body = [
      [6, 8, 9, 0], // array flags: miUINT32, 8 bytes, class uint8
      [5, 8, 1, 1], // dims [1 1]
      [(1 << 16) | 1, 0x78], // name "x" as a small element (type 1, 1 byte)
      [(1 << 16) | 2, 200], // data 200 as a small miUINT8 element
    ];
    const words = body.flat();
    const bytes = new Uint8Array(128 + 8 + words.length * 4);
    bytes.set(writeMat([]).subarray(0, 128));
    const v = new DataView(bytes.buffer);
    v.setUint32(128, 14, true);
    v.setUint32(132, words.length * 4, true);
    words.forEach((w, i) => v.setUint32(136 + 4 * i, w, true));
    const mat = parseMat(bytes, noInflate);
    expect(Array.from((mat.get('x') as { data: Uint8Array }).data)).toEqual([200]);
  });

  it('rejects what is not a Level 5 MAT-file, naming the problem', () => {
    expect(() => parseMat(new Uint8Array(10), noInflate)).toThrow(MatFormatError);
    const notMat = new Uint8Array(200).fill(65);
    expect(() => parseMat(notMat, noInflate)).toThrow(/MATLAB/);
    const truncated = file.subarray(0, file.length - 20);
    expect(() => parseMat(truncated, noInflate)).toThrow(/runs past the end|truncated/);
    const bad = file.slice();
    bad[128 + 16] = 99; // class id of the first array
    expect(() => parseMat(bad, noInflate)).toThrow(/unknown array class 99/);
  });

  it('reports a corrupt compressed element as a format error', async () => {
    const z = await compress(file);
    const broken = z.slice();
    broken.fill(0, 140, 160);
    await expect(parseMatAsync(broken)).rejects.toThrow(/corrupt compressed data element/);
  });
});

describe('BSDS500 MAT contents', () => {
  const seg = { width: 3, height: 2, labels: Int32Array.from([0, 0, 1, 2, 1, 1]) };

  it('round-trips segs through column-major label matrices', () => {
    const maps = segsFromMat(
      parseMat(segsMat([seg, { ...seg, labels: new Int32Array(6) }]), noInflate),
    );
    expect(maps).toHaveLength(2);
    expect(maps[0]).toEqual(seg);
    expect(Array.from(maps[1].labels)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('reads groundTruth structs and ucm2 maps row-major', () => {
    const gtFile = writeMat([
      [
        'groundTruth',
        {
          kind: 'cell',
          dims: [1, 1],
          cells: [
            {
              kind: 'struct',
              dims: [1, 1],
              fieldNames: ['Segmentation', 'Boundaries'],
              elements: [
                {
                  Segmentation: labelMatrix(seg),
                  Boundaries: num('uint8', [2, 3], [0, 0, 0, 0, 0, 0], true),
                },
              ],
            },
          ],
        },
      ],
    ]);
    expect(groundTruthFromMat(parseMat(gtFile, noInflate))).toEqual([seg]);
    // 3x5 column-major: row r, column c holds 10*r + c.
    const values: number[] = [];
    for (let c = 0; c < 5; c++) for (let r = 0; r < 3; r++) values.push(10 * r + c);
    const ucm = ucm2FromMat(
      parseMat(writeMat([['ucm2', num('double', [3, 5], values)]]), noInflate),
    );
    expect(ucm.width).toBe(5);
    expect(Array.from(ucm.data.subarray(5, 10))).toEqual([10, 11, 12, 13, 14]);
  });

  it('rejects label 0, non-integer and non-contiguous labels and missing variables', () => {
    const mat = (values: number[]) =>
      writeMat([['segs', { kind: 'cell', dims: [1, 1], cells: [num('double', [2, 2], values)] }]]);
    expect(() => segsFromMat(parseMat(mat([1, 0, 1, 1]), noInflate), 'x.mat')).toThrow(
      /x\.mat.*label 0/,
    );
    expect(() => segsFromMat(parseMat(mat([1, 1.5, 1, 1]), noInflate))).toThrow(/label 1\.5/);
    expect(() => segsFromMat(parseMat(mat([1, 3, 1, 1]), noInflate))).toThrow(
      /not contiguous.*label 2 missing/,
    );
    expect(() => groundTruthFromMat(parseMat(mat([1, 1, 1, 1]), noInflate), 'g.mat')).toThrow(
      /g\.mat: no variable "groundTruth" \(variables: segs\)/,
    );
  });
});
