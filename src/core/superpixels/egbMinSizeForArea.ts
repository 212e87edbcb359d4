/**
 * The minimum segment size chosen on BSDS500 val, 200 pixels on its 481x321 images (best of 20 to
 * 300 on all six region measures; docs/results.md, "EGB's minimum segment size"), scaled with
 * the image's area: without it "100 superpixels" are a few huge segments and specks.
 */
export function egbMinSizeForArea(pixels: number): number {
  if (!(Number.isFinite(pixels) && pixels > 0)) throw new RangeError(`egbMinSizeForArea: pixels must be > 0, got ${pixels}`);
  return Math.max(1, Math.round((200 * pixels) / (481 * 321)));
}
