/** Bins per Lab channel of the colour histograms: the merge hierarchy's regions, the oriented gradient's half-discs. */
export const COLOUR_BINS = 16;

/** Per pixel its L (0..100), a and b (-64..64) bins, each in 0..COLOUR_BINS-1, 3 per pixel, from 3 Lab values per pixel. */
export function colourBins(lab: Float64Array): Uint8Array {
  const out = new Uint8Array(lab.length);
  const bin = (v: number, lo: number, hi: number): number => Math.min(COLOUR_BINS - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * COLOUR_BINS)));
  for (let i = 0; i < lab.length; i += 3) {
    out[i] = bin(lab[i], 0, 100);
    out[i + 1] = bin(lab[i + 1], -64, 64);
    out[i + 2] = bin(lab[i + 2], -64, 64);
  }
  return out;
}
