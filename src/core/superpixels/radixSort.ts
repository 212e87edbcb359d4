/**
 * Sorts (key, payload) pairs by ascending non-negative float32 key, stably, reordering both
 * arrays. Non-negative IEEE floats order like their bit patterns, so an LSD radix sort on the
 * 32-bit patterns (two passes of 16 bits: fewer passes beat the larger count table) does it in
 * linear time; keys travel with their payloads so every pass reads sequentially.
 */
export function sortByNonNegativeFloat32(keys: Float32Array, payload: Int32Array): void {
  const n = keys.length;
  if (payload.length !== n) throw new RangeError('keys and payload differ in length');
  const k = new Uint32Array(keys.buffer, keys.byteOffset, n);
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
