import { FELZENSZWALB_MERGE_WASM } from './felzenszwalbMergeWasmBytes';
import { wasmInstances } from './wasmInstances';

const instances = wasmInstances(FELZENSZWALB_MERGE_WASM);

/** Whether the WebAssembly path can run here. */
export function felzenszwalbWasmAvailable(): boolean {
  return instances.available();
}

type MergePass = (m: number, scale: number, minSize: number, pW: number, pE: number, pOff: number, pF: number, pT: number, pB: number) => number;
type MinSizePass = (nb: number, minSize: number, pB: number, pOff: number, pF: number) => void;
type Label = (n: number, pF: number, pId: number, pL: number) => number;

/**
 * Felzenszwalb-Huttenlocher's merging, min_size pass and numbering in WebAssembly
 * (felzenszwalbMerge.wat), step for step as felzenszwalb.ts's JavaScript: the labels of the
 * n pixels for the sorted edges (`weight` ascending, `edge` = 4 * pixel + direction, `offset`
 * per direction), with tau(C) starting at `threshold0` (the scale rounded up to float32).
 * Returns null where WebAssembly cannot run.
 */
export function felzenszwalbMergeWasm(
  n: number, weight: Float32Array, edge: Int32Array, offset: Int32Array, scale: number, threshold0: number, minSize: number,
): Int32Array | null {
  const m = edge.length;
  // Layout (bytes): weights f32[m], edges i32[m], offsets i32[4], forest i32[n], thresholds
  // f32[n], left-over edges i32[m], root ids i32[n], labels i32[n].
  const pW = 0, pE = 4 * m, pOff = 8 * m, pF = pOff + 16, pT = pF + 4 * n, pB = pT + 4 * n;
  const pId = pB + 4 * m, pL = pId + 4 * n;
  const instance = instances.get(pL + 4 * n);
  if (!instance) return null;
  const { memory, exports } = instance;
  const buf = memory.buffer;
  new Float32Array(buf, pW, m).set(weight);
  new Int32Array(buf, pE, m).set(edge);
  new Int32Array(buf, pOff, 4).set(offset);
  new Int32Array(buf, pF, n).fill(-1);
  new Float32Array(buf, pT, n).fill(threshold0);
  new Int32Array(buf, pId, n).fill(-1);
  const nb = (exports.mergePass as MergePass)(m, scale, minSize, pW, pE, pOff, pF, pT, pB);
  if (minSize > 1) (exports.minSizePass as MinSizePass)(nb, minSize, pB, pOff, pF);
  (exports.label as Label)(n, pF, pId, pL);
  return new Int32Array(buf, pL, n).slice();
}
