/**
 * Per-pixel texture codes of the lightness channel, read by the merge hierarchy's texture
 * histograms and the oriented boundary gradient: rotation-invariant uniform local binary patterns
 * (LBP-riu2, Ojala et al. 2002) and the gradient magnitude in octaves.
 */

export const LBP_BINS = 10; // riu2 patterns: 0-8 bits set, uniform; 9: not uniform
export const GRAD_BINS = 8; // |grad L| in [0, 1), [1, 2), [2, 4), ..., [64, inf)

/**
 * Per pixel, its LBP-riu2 bin (0..LBP_BINS-1) and its gradient bin (LBP_BINS..TEX_BINS-1), from L
 * (3 per pixel in `lab`). Border pixels read their nearest inside neighbours.
 */
export function textureCodes(lab: Float64Array, width: number, height: number): { lbp: Uint8Array; grad: Uint8Array } {
  const n = width * height;
  const lbp = new Uint8Array(n);
  const grad = new Uint8Array(n);
  const L = (x: number, y: number): number => lab[3 * (Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x)))];
  const dx = [1, 1, 0, -1, -1, -1, 0, 1];
  const dy = [0, 1, 1, 1, 0, -1, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = L(x, y);
      let bits = 0;
      let ones = 0;
      let first = 0;
      let prev = 0;
      for (let k = 0; k < 8; k++) {
        const b = L(x + dx[k], y + dy[k]) >= c + 2 ? 1 : 0;
        if (k === 0) first = b;
        else if (b !== prev) bits++;
        prev = b;
        ones += b;
      }
      if (prev !== first) bits++;
      lbp[y * width + x] = bits <= 2 ? ones : LBP_BINS - 1;
      const g = Math.hypot((L(x + 1, y) - L(x - 1, y)) / 2, (L(x, y + 1) - L(x, y - 1)) / 2);
      grad[y * width + x] = LBP_BINS + (g < 1 ? 0 : Math.min(GRAD_BINS - 1, 1 + Math.floor(Math.log2(g))));
    }
  }
  return { lbp, grad };
}
