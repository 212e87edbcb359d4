import { SLIC_ASSIGN_WASM } from './slicAssignWasmBytes';

/**
 * SLIC's assignment for one row at a time in WebAssembly SIMD (slicAssign.wat), over a copy of
 * the Lab image in planar channels in the module's memory. slic.ts fills `records` (9 numbers
 * per centre whose window covers the row: cx, dy^2 / S^2, L, a, b, colour scale, first column,
 * last column, centre index), calls `assignRow`, and reads `labels` (-1 where no window
 * reached).
 */
export interface SlicWasmKernel {
  /** Room for k records (k: the centres). */
  readonly records: Float64Array;
  /** Labels of the whole image, row by row as assignRow writes them. */
  readonly labels: Int32Array;
  assignRow(y: number, records: number, invS2: number): void;
}

type AssignRow = (
  row: number, w: number, na: number, invS2: number, pL: number, pA: number, pB: number,
  pDist: number, pLbl: number, pRec: number, pOut: number,
) => void;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly or its SIMD is missing. */
function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      if (typeof WebAssembly === 'object' && WebAssembly.validate(SLIC_ASSIGN_WASM)) compiled = new WebAssembly.Module(SLIC_ASSIGN_WASM);
    } catch {
      // no WebAssembly (or a compile refused): the JavaScript path runs instead
    }
  }
  return compiled;
}

/** Whether the WebAssembly path can run here. */
export function slicWasmAvailable(): boolean {
  return wasmModule() !== null;
}

const PAGE = 65536;

/**
 * A kernel for a w x h image with interleaved Lab `lab` and up to k centres, or null where it
 * cannot run. Each call makes its own memory (sized once: growing would detach views).
 */
export function createSlicWasmKernel(lab: Float64Array, w: number, h: number, k: number): SlicWasmKernel | null {
  const module = wasmModule();
  if (!module) return null;
  const n = w * h;
  // Layout (bytes): L, a, b planar f64; labels i32; row distances f64; row labels i64; records.
  const pL = 0, pA = 8 * n, pB = 16 * n, pOut = 24 * n;
  const pDist = pOut + 4 * n + ((4 * n) % 8);
  const pLbl = pDist + 8 * w;
  const pRec = pLbl + 8 * w;
  const bytes = pRec + 72 * k;
  if (bytes > 2 ** 31) return null;
  let memory: WebAssembly.Memory;
  let assign: AssignRow;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    assign = instance.exports.assignRow as AssignRow;
  } catch {
    return null; // out of memory: the JavaScript path runs instead
  }
  const f64 = new Float64Array(memory.buffer);
  for (let p = 0, q = 0; p < n; p++, q += 3) {
    f64[p] = lab[q];
    f64[n + p] = lab[q + 1];
    f64[2 * n + p] = lab[q + 2];
  }
  return {
    records: new Float64Array(memory.buffer, pRec, 9 * k),
    labels: new Int32Array(memory.buffer, pOut, n),
    assignRow: (y, records, invS2) => assign(y * w, w, records, invS2, pL, pA, pB, pDist, pLbl, pRec, pOut),
  };
}
