/**
 * Sorts (key, payload) pairs by ascending non-negative float32 key, stably, reordering both
 * arrays. Non-negative IEEE floats order like their bit patterns, so an LSD radix sort on the
 * 32-bit patterns (two passes of 16 bits: fewer passes beat the larger count table) does it in
 * linear time; keys travel with their payloads so every pass reads sequentially.
 */
export function sortByNonNegativeFloat32(keys: Float32Array, payload: Int32Array): void {
  const n = keys.length;
  if (payload.length !== n) throw new RangeError('keys and payload differ in length');
  let k: Uint32Array = new Uint32Array(keys.buffer, keys.byteOffset, n);
  let v: Int32Array = payload;
  let k2: Uint32Array = new Uint32Array(n);
  let v2: Int32Array = new Int32Array(n);
  const count = new Uint32Array(65536);
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(k[i] >>> shift) & 65535]++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = k[i];
      const at = count[(key >>> shift) & 65535]++;
      k2[at] = key;
      v2[at] = v[i];
    }
    [k, k2] = [k2, k];
    [v, v2] = [v2, v];
  }
  // After an even number of passes the result is back in the given arrays.
}

/** Indices 0..n-1 ordered by ascending non-negative float32 keys, stable. */
export function argsortNonNegativeFloat32(keys: Float32Array): Int32Array {
  const idx = new Int32Array(keys.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  sortByNonNegativeFloat32(keys.slice(), idx);
  return idx;
}
