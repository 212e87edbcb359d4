/**
 * Indices 0..n-1 ordered by ascending non-negative float32 keys, stable (ties keep index
 * order). Non-negative IEEE floats order like their bit patterns, so an LSD radix sort on the
 * 32-bit patterns (three passes of 11 bits) does it in linear time.
 */
export function argsortNonNegativeFloat32(keys: Float32Array): Uint32Array {
  const n = keys.length;
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, n);
  let idx = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const count = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(bits[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      tmp[count[(bits[j] >>> shift) & 2047]++] = j;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}
