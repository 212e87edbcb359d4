import { SLIC_ASSIGN_WASM } from './slicAssignWasmBytes';
import { wasmInstances } from './wasmInstances';

/**
 * SLIC's assignment for one row at a time in WebAssembly SIMD (slicAssign.wat), over a copy of
 * the Lab image in planar channels in the module's memory. slic.ts fills `records` (9 numbers
 * per centre whose window covers the row: cx, dy^2 / S^2, L, a, b, colour scale, first column,
 * last column, centre index), calls `assignRow`, fixes the labels it left at -1 (no window
 * reached), then calls `accumulateRow`, which adds the row to `sums` and `counts`.
 */
export interface SlicWasmKernel {
  /** Room for k records (k: the centres). */
  readonly records: Float64Array;
  /** Labels of the whole image, row by row as assignRow writes them. */
  readonly labels: Int32Array;
  /** Per-cluster sums of y, x, L, a, b (k each, in that order); zero them before an iteration. */
  readonly sums: { cy: Float64Array; cx: Float64Array; cL: Float64Array; cA: Float64Array; cB: Float64Array };
  /** Per-cluster pixel counts. */
  readonly counts: Int32Array;
  /** Labels row y from the first `records` records; returns how many pixels it left at -1. */
  assignRow(y: number, records: number, invS2: number): number;
  accumulateRow(y: number): void;
}

type AssignRow = (
  row: number, w: number, na: number, invS2: number, pL: number, pA: number, pB: number,
  pDist: number, pLbl: number, pRec: number, pOut: number,
) => number;
type AccumulateRow = (
  y: number, w: number, pL: number, pA: number, pB: number, pOut: number,
  pSY: number, pSX: number, pSL: number, pSA: number, pSB: number, pCnt: number,
) => void;

const instances = wasmInstances(SLIC_ASSIGN_WASM);

/** Whether the WebAssembly path can run here. */
export function slicWasmAvailable(): boolean {
  return instances.available();
}

/**
 * A kernel for a w x h image with interleaved Lab `lab` and up to k centres, or null where it
 * cannot run; valid until the next call (see WasmInstances.get).
 */
export function createSlicWasmKernel(lab: Float64Array, w: number, h: number, k: number): SlicWasmKernel | null {
  const n = w * h;
  // Layout (bytes): L, a, b planar f64; labels i32; row distances f64; row labels i64; records;
  // sums of y, x, L, a, b f64; counts i32.
  const pL = 0, pA = 8 * n, pB = 16 * n, pOut = 24 * n;
  const pDist = pOut + 4 * n + ((4 * n) % 8);
  const pLbl = pDist + 8 * w;
  const pRec = pLbl + 8 * w;
  const pSY = pRec + 72 * k, pSX = pSY + 8 * k, pSL = pSX + 8 * k, pSA = pSL + 8 * k, pSB = pSA + 8 * k;
  const pCnt = pSB + 8 * k;
  const bytes = pCnt + 4 * k;
  const instance = instances.get(bytes);
  if (!instance) return null;
  const { memory, exports } = instance;
  const assign = exports.assignRow as AssignRow;
  const accumulate = exports.accumulateRow as AccumulateRow;
  const f64 = new Float64Array(memory.buffer);
  for (let p = 0, q = 0; p < n; p++, q += 3) {
    f64[p] = lab[q];
    f64[n + p] = lab[q + 1];
    f64[2 * n + p] = lab[q + 2];
  }
  return {
    records: new Float64Array(memory.buffer, pRec, 9 * k),
    labels: new Int32Array(memory.buffer, pOut, n),
    sums: {
      cy: new Float64Array(memory.buffer, pSY, k),
      cx: new Float64Array(memory.buffer, pSX, k),
      cL: new Float64Array(memory.buffer, pSL, k),
      cA: new Float64Array(memory.buffer, pSA, k),
      cB: new Float64Array(memory.buffer, pSB, k),
    },
    counts: new Int32Array(memory.buffer, pCnt, k),
    assignRow: (y, records, invS2) => assign(y * w, w, records, invS2, pL, pA, pB, pDist, pLbl, pRec, pOut),
    accumulateRow: (y) => accumulate(y, w, pL, pA, pB, pOut, pSY, pSX, pSL, pSA, pSB, pCnt),
  };
}
