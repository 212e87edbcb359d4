import { MEAN_SHIFT_WASM } from './meanShiftWasmBytes';
import { wasmInstances } from './wasmInstances';

/**
 * Mean shift mode filtering in WebAssembly (meanShift.wat): the climbs of a band of rows at a
 * time, over a copy of the colours in the module's memory, with the modes, the pixel states and
 * the trajectory scratch there too. Gives the modes of meanShift.ts's JavaScript bit for bit.
 */
export interface MeanShiftWasmKernel {
  /** Modes (3 per pixel), filled in as the rows are filtered; valid until the next kernel. */
  readonly modes: Float32Array;
  /** Climbs from every pixel of rows y0..y1-1 whose mode is not known yet. */
  filterRows(y0: number, y1: number): void;
}

type FilterRows = (
  y0: number, y1: number, w: number, h: number, r: number, invHs2: number, high: number, maxIter: number,
  pC: number, pModes: number, pState: number, pTraj: number, pSpan: number,
) => void;

const instances = wasmInstances(MEAN_SHIFT_WASM);

/** Whether the WebAssembly path can run here. */
export function meanShiftWasmAvailable(): boolean {
  return instances.available();
}

/**
 * A kernel for a w x h image of colours `c` (3 per pixel, divided by hr), the disc's half widths
 * `halfSpan` (rows 0..r), 1 / hs^2, the high speedup or not, and the iteration cap; null where it
 * cannot run. Valid until the next call (see WasmInstances.get).
 */
export function createMeanShiftWasmKernel(
  c: Float64Array, w: number, h: number, halfSpan: Int32Array, invHs2: number, high: boolean, maxIter: number,
): MeanShiftWasmKernel | null {
  const n = w * h;
  // Layout (bytes): colours f64[3n], modes f32[3n], trajectory i32[n], half widths i32[r + 1],
  // states u8[n] (zeroed here: the memory may be reused).
  const pC = 0, pModes = 24 * n, pTraj = 36 * n, pSpan = 40 * n, pState = pSpan + 4 * halfSpan.length;
  const instance = instances.get(pState + n);
  if (!instance) return null;
  const { memory, exports } = instance;
  const buf = memory.buffer;
  new Float64Array(buf, pC, 3 * n).set(c);
  new Int32Array(buf, pSpan, halfSpan.length).set(halfSpan);
  new Uint8Array(buf, pState, n).fill(0);
  const filter = exports.filterRows as FilterRows;
  const r = halfSpan.length - 1;
  return {
    modes: new Float32Array(buf, pModes, 3 * n),
    filterRows: (y0, y1) => filter(y0, y1, w, h, r, invHs2, high ? 1 : 0, maxIter, pC, pModes, pState, pTraj, pSpan),
  };
}
