import { RADIX_SORT_WASM } from './radixSortWasmBytes';
import { wasmInstances } from './wasmInstances';

/**
 * Which implementation sorts: 'auto' takes WebAssembly (radixSort.wat) where available, else
 * JavaScript; 'js' and 'wasm' force one ('wasm' throws where unavailable). Same order.
 */
export type SortKernel = 'auto' | 'js' | 'wasm';

/**
 * Sorts (key, payload) pairs by ascending non-negative float32 key, stably, reordering both
 * arrays. Non-negative IEEE floats order like their bit patterns, so an LSD radix sort on the
 * 32-bit patterns (two passes of 16 bits: fewer passes beat the larger count table) does it in
 * linear time; keys travel with their payloads so every pass reads sequentially.
 */
export function sortByNonNegativeFloat32(keys: Float32Array, payload: Int32Array, kernel: SortKernel = 'auto'): void {
  const n = keys.length;
  if (payload.length !== n) throw new RangeError('keys and payload differ in length');
  const k = new Uint32Array(keys.buffer, keys.byteOffset, n);
  if (kernel !== 'js') {
    if (radixSortWasm(k, payload)) return;
    if (kernel === 'wasm') throw new Error('sortByNonNegativeFloat32: the WebAssembly kernel is not available here');
  }
  const k2 = new Uint32Array(n);
  const v2 = new Int32Array(n);
  // Both digits' counts in one read of the keys, then their running offsets.
  const low = new Uint32Array(65536);
  const high = new Uint32Array(65536);
  for (let i = 0; i < n; i++) {
    const key = k[i];
    low[key & 65535]++;
    high[key >>> 16]++;
  }
  toOffsets(low);
  toOffsets(high);
  for (let i = 0; i < n; i++) {
    const key = k[i];
    const at = low[key & 65535]++;
    k2[at] = key;
    v2[at] = payload[i];
  }
  // The second pass writes back into the given arrays.
  for (let i = 0; i < n; i++) {
    const key = k2[i];
    const at = high[key >>> 16]++;
    k[at] = key;
    payload[at] = v2[i];
  }
}

const instances = wasmInstances(RADIX_SORT_WASM);

type Sort = (n: number, pK: number, pV: number, pK2: number, pV2: number, pLow: number, pHigh: number) => void;

/** The same sort in WebAssembly, on copies in its memory; false where it cannot run. */
function radixSortWasm(keys: Uint32Array, payload: Int32Array): boolean {
  const n = keys.length;
  // Layout (bytes): keys, payloads, their scratch copies (4n each), two count tables.
  const pK = 0, pV = 4 * n, pK2 = 8 * n, pV2 = 12 * n, pLow = 16 * n, pHigh = pLow + 4 * 65536;
  const instance = instances.get(pHigh + 4 * 65536);
  if (!instance) return false;
  const buf = instance.memory.buffer;
  const k = new Uint32Array(buf, pK, n), v = new Int32Array(buf, pV, n);
  k.set(keys);
  v.set(payload);
  new Uint32Array(buf, pLow, 2 * 65536).fill(0);
  (instance.exports.sort as Sort)(n, pK, pV, pK2, pV2, pLow, pHigh);
  keys.set(k);
  payload.set(v);
  return true;
}

/** Counts -> exclusive running sums, in place. */
function toOffsets(count: Uint32Array): void {
  let sum = 0;
  for (let b = 0; b < count.length; b++) {
    const c = count[b];
    count[b] = sum;
    sum += c;
  }
}

/** Indices 0..n-1 ordered by ascending non-negative float32 keys, stable. */
export function argsortNonNegativeFloat32(keys: Float32Array): Int32Array {
  const idx = new Int32Array(keys.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  sortByNonNegativeFloat32(keys.slice(), idx);
  return idx;
}
