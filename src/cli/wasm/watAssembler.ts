/**
 * A small assembler for the subset of the WebAssembly text format that the hand-written kernels
 * in src/core use, so their bytes can be generated from the committed `.wat` source without a
 * toolchain dependency (for slicAssign.wat, wabt 1.0.32's `wat2wasm` gives the same bytes).
 *
 * Supported: one `(module ...)` with `(import "m" "f" (memory N))` and
 * `(func $name? (export "name")? (param $p T)* (result T)? (local $l T)* instructions...)`, the
 * instructions written flat (not folded), named locals, block/loop/if labels and functions
 * (`call $f`), the numeric, memory and control instructions listed in OPCODES and MEMORY and
 * the f64x2 / v128 SIMD ones in SIMD.
 */

const VALTYPE: Record<string, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Plain opcodes without immediates. */
const OPCODES: Record<string, number> = {
  unreachable: 0x00, nop: 0x01, else: 0x05, end: 0x0b, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49,
  'i32.gt_s': 0x4a, 'i32.gt_u': 0x4b, 'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e,
  'i32.ge_u': 0x4f,
  'f32.eq': 0x5b, 'f32.ne': 0x5c, 'f32.lt': 0x5d, 'f32.gt': 0x5e, 'f32.le': 0x5f, 'f32.ge': 0x60,
  'f64.eq': 0x61, 'f64.ne': 0x62, 'f64.lt': 0x63, 'f64.gt': 0x64, 'f64.le': 0x65, 'f64.ge': 0x66,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.and': 0x71, 'i32.or': 0x72,
  'i32.xor': 0x73, 'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76,
  'f64.floor': 0x9c, 'f64.sqrt': 0x9f, 'f64.add': 0xa0, 'f64.sub': 0xa1, 'f64.mul': 0xa2, 'f64.div': 0xa3,
  'i32.wrap_i64': 0xa7, 'i32.trunc_f64_s': 0xaa, 'i64.extend_i32_s': 0xac, 'i64.trunc_f64_s': 0xb0,
  'f32.demote_f64': 0xb6, 'f64.convert_i32_s': 0xb7, 'f64.promote_f32': 0xbb,
  'i32.reinterpret_f32': 0xbc, 'f32.reinterpret_i32': 0xbe,
};

/** Loads and stores: opcode and natural alignment (log2 bytes). */
const MEMORY: Record<string, { op: number; simd: boolean; align: number }> = {
  'i32.load': { op: 0x28, simd: false, align: 2 },
  'i32.load8_u': { op: 0x2d, simd: false, align: 0 },
  'i64.load': { op: 0x29, simd: false, align: 3 },
  'f32.load': { op: 0x2a, simd: false, align: 2 },
  'f32.store': { op: 0x38, simd: false, align: 2 },
  'f64.load': { op: 0x2b, simd: false, align: 3 },
  'i32.store': { op: 0x36, simd: false, align: 2 },
  'i32.store8': { op: 0x3a, simd: false, align: 0 },
  'i64.store': { op: 0x37, simd: false, align: 3 },
  'f64.store': { op: 0x39, simd: false, align: 3 },
  'v128.load': { op: 0x00, simd: true, align: 4 },
  'v128.store': { op: 0x0b, simd: true, align: 4 },
};

/** SIMD opcodes (after the 0xfd prefix) without immediates. */
const SIMD: Record<string, number> = {
  'i64x2.splat': 0x12, 'f64x2.splat': 0x14,
  'f64x2.eq': 0x47, 'f64x2.ne': 0x48, 'f64x2.lt': 0x49, 'f64x2.gt': 0x4a, 'f64x2.le': 0x4b,
  'f64x2.ge': 0x4c,
  'v128.not': 0x4d, 'v128.and': 0x4e, 'v128.andnot': 0x4f, 'v128.or': 0x50, 'v128.xor': 0x51,
  'v128.bitselect': 0x52,
  'f64x2.add': 0xf0, 'f64x2.sub': 0xf1, 'f64x2.mul': 0xf2, 'f64x2.div': 0xf3,
};
const SIMD_LANE: Record<string, number> = { 'f64x2.extract_lane': 0x21, 'f64x2.replace_lane': 0x22 };

type SExpr = string | SExpr[];

/** Tokens: parentheses, strings (kept with their quotes) and atoms; `;;` and `(; ;)` comments dropped. */
function tokenize(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) { i++; continue; }
    if (src.startsWith(';;', i)) { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (src.startsWith('(;', i)) {
      const end = src.indexOf(';)', i + 2);
      if (end < 0) throw new SyntaxError('unterminated block comment');
      i = end + 2;
      continue;
    }
    if (ch === '(' || ch === ')') { out.push(ch); i++; continue; }
    if (ch === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new SyntaxError('unterminated string');
      out.push(src.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/[\s()]/.test(src[j])) j++;
    out.push(src.slice(i, j));
    i = j;
  }
  return out;
}

function parse(tokens: string[]): SExpr[] {
  const stack: SExpr[][] = [[]];
  for (const t of tokens) {
    if (t === '(') {
      const list: SExpr[] = [];
      stack[stack.length - 1].push(list);
      stack.push(list);
    } else if (t === ')') {
      if (stack.length < 2) throw new SyntaxError("unbalanced ')'");
      stack.pop();
    } else {
      stack[stack.length - 1].push(t);
    }
  }
  if (stack.length !== 1) throw new SyntaxError("unbalanced '('");
  return stack[0];
}

function unsigned(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

function signed(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

function f64Bytes(text: string): number[] {
  const v = text === 'inf' || text === '+inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
  if (Number.isNaN(v)) throw new SyntaxError(`bad f64 constant '${text}'`);
  return Array.from(new Uint8Array(Float64Array.of(v).buffer));
}

function str(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(JSON.parse(s) as string));
  return [...unsigned(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...unsigned(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...unsigned(body.length), ...body];
}

interface Func {
  exportName: string | null;
  params: number[];
  results: number[];
  locals: number[];
  code: number[];
}

function atom(e: SExpr | undefined, what: string): string {
  if (typeof e !== 'string') throw new SyntaxError(`expected ${what}`);
  return e;
}

function valtype(e: SExpr | undefined): number {
  const t = VALTYPE[atom(e, 'a value type')];
  if (t === undefined) throw new SyntaxError(`unknown value type '${String(e)}'`);
  return t;
}

function assembleFunc(fields: SExpr[], funcIndex: Map<string, number>): Func {
  const f: Func = { exportName: null, params: [], results: [], locals: [], code: [] };
  const localIndex = new Map<string, number>();
  let i = 1;
  if (typeof fields[i] === 'string' && (fields[i] as string).startsWith('$')) i++; // function name
  for (; i < fields.length && Array.isArray(fields[i]); i++) {
    const d = fields[i] as SExpr[];
    const kind = atom(d[0], 'a declaration');
    if (kind === 'export') {
      f.exportName = atom(d[1], 'an export name');
    } else if (kind === 'param' || kind === 'local') {
      const list = kind === 'param' ? f.params : f.locals;
      if (typeof d[1] === 'string' && d[1].startsWith('$')) {
        if (localIndex.has(d[1])) throw new SyntaxError(`duplicate local ${d[1]}`);
        localIndex.set(d[1], f.params.length + f.locals.length);
        list.push(valtype(d[2]));
      } else {
        for (const t of d.slice(1)) list.push(valtype(t));
      }
      if (kind === 'param' && f.locals.length) throw new SyntaxError('param after local');
    } else if (kind === 'result') {
      for (const t of d.slice(1)) f.results.push(valtype(t));
    } else {
      throw new SyntaxError(`folded instructions are not supported: (${kind} ...)`);
    }
  }
  const body = fields.slice(i);
  const labels: Array<string | null> = [];
  const code = f.code;
  const local = (e: SExpr | undefined) => {
    const name = atom(e, 'a local');
    const idx = name.startsWith('$') ? localIndex.get(name) : Number(name);
    if (idx === undefined || !Number.isInteger(idx)) throw new SyntaxError(`unknown local '${name}'`);
    return idx;
  };
  for (let k = 0; k < body.length; k++) {
    const op = atom(body[k], 'an instruction');
    const next = () => atom(body[++k], `an immediate of ${op}`);
    if (op === 'block' || op === 'loop' || op === 'if') {
      code.push(op === 'block' ? 0x02 : op === 'loop' ? 0x03 : 0x04);
      let label: string | null = null;
      if (typeof body[k + 1] === 'string' && (body[k + 1] as string).startsWith('$')) label = next();
      const bt = body[k + 1];
      if (Array.isArray(bt) && bt[0] === 'result') {
        code.push(valtype(bt[1]));
        k++;
      } else {
        code.push(0x40);
      }
      labels.push(label);
    } else if (op === 'end') {
      if (!labels.length) throw new SyntaxError("'end' without a block");
      labels.pop();
      code.push(0x0b);
    } else if (op === 'br' || op === 'br_if') {
      const target = next();
      const depth = target.startsWith('$') ? labels.length - 1 - labels.lastIndexOf(target) : Number(target);
      if (target.startsWith('$') && !labels.includes(target)) throw new SyntaxError(`unknown label ${target}`);
      code.push(op === 'br' ? 0x0c : 0x0d, ...unsigned(depth));
    } else if (op === 'call') {
      const name = next();
      const idx = funcIndex.get(name);
      if (idx === undefined) throw new SyntaxError(`unknown function ${name}`);
      code.push(0x10, ...unsigned(idx));
    } else if (op === 'local.get' || op === 'local.set' || op === 'local.tee') {
      code.push(op === 'local.get' ? 0x20 : op === 'local.set' ? 0x21 : 0x22, ...unsigned(local(body[++k])));
    } else if (op === 'i32.const' || op === 'i64.const') {
      code.push(op === 'i32.const' ? 0x41 : 0x42, ...signed(BigInt(next())));
    } else if (op === 'f64.const') {
      code.push(0x44, ...f64Bytes(next()));
    } else if (op === 'v128.const') {
      const shape = next();
      if (shape !== 'f64x2') throw new SyntaxError(`v128.const: only the f64x2 shape is supported, got ${shape}`);
      code.push(0xfd, ...unsigned(0x0c), ...f64Bytes(next()), ...f64Bytes(next()));
    } else if (MEMORY[op]) {
      const m = MEMORY[op];
      let offset = 0;
      let align = m.align;
      while (typeof body[k + 1] === 'string' && /^(offset|align)=/.test(body[k + 1] as string)) {
        const [key, value] = next().split('=');
        if (key === 'offset') offset = Number(value);
        else align = Math.log2(Number(value));
      }
      if (!Number.isInteger(align) || !Number.isInteger(offset) || offset < 0) throw new SyntaxError(`bad memarg on ${op}`);
      code.push(...(m.simd ? [0xfd, ...unsigned(m.op)] : [m.op]), ...unsigned(align), ...unsigned(offset));
    } else if (OPCODES[op] !== undefined) {
      code.push(OPCODES[op]);
    } else if (SIMD[op] !== undefined) {
      code.push(0xfd, ...unsigned(SIMD[op]));
    } else if (SIMD_LANE[op] !== undefined) {
      code.push(0xfd, ...unsigned(SIMD_LANE[op]), Number(next()));
    } else {
      throw new SyntaxError(`unsupported instruction '${op}'`);
    }
  }
  if (labels.length) throw new SyntaxError('unclosed block');
  code.push(0x0b);
  return f;
}

/** Assembles the module's text into its binary encoding. */
export function assembleWat(source: string): Uint8Array<ArrayBuffer> {
  const top = parse(tokenize(source));
  if (top.length !== 1 || !Array.isArray(top[0]) || top[0][0] !== 'module') throw new SyntaxError('expected one (module ...)');
  const imports: number[][] = [];
  const funcs: Func[] = [];
  // Functions by name, for calls (a function may call one defined after it).
  const funcIndex = new Map<string, number>();
  for (const field of top[0].slice(1)) {
    if (Array.isArray(field) && field[0] === 'func' && typeof field[1] === 'string' && field[1].startsWith('$')) {
      funcIndex.set(field[1], funcIndex.size);
    } else if (Array.isArray(field) && field[0] === 'func') {
      funcIndex.set(`#${funcIndex.size}`, funcIndex.size);
    }
  }
  for (const field of top[0].slice(1)) {
    if (!Array.isArray(field)) throw new SyntaxError(`unexpected '${field}' in module`);
    const kind = field[0];
    if (kind === 'import') {
      const desc = field[3];
      if (!Array.isArray(desc) || desc[0] !== 'memory') throw new SyntaxError('only memory imports are supported');
      const min = Number(atom(desc[1], 'a page count'));
      imports.push([...str(atom(field[1], 'a module name')), ...str(atom(field[2], 'a field name')), 0x02, 0x00, ...unsigned(min)]);
    } else if (kind === 'func') {
      funcs.push(assembleFunc(field, funcIndex));
    } else {
      throw new SyntaxError(`unsupported module field (${String(kind)} ...)`);
    }
  }
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const exports = funcs.flatMap((f, i) => (f.exportName ? [[...str(f.exportName), 0x00, ...unsigned(i)]] : []));
  const bodies = funcs.map((f) => {
    // Runs of equal local types, as the binary format groups them.
    const groups: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...unsigned(j - i), f.locals[i]]);
      i = j;
    }
    const b = [...vec(groups), ...f.code];
    return [...unsigned(b.length), ...b];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...(imports.length ? section(2, vec(imports)) : []),
    ...section(3, vec(funcs.map((_, i) => unsigned(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
