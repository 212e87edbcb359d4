import type { RgbaImage } from '../image/RgbaImage';

/**
 * A test image of flat colour regions plus Gaussian noise, and its true partition: a
 * background, two rectangles and a disc. Deterministic for a given seed (xorshift32 +
 * Box-Muller).
 */
export function flatRegionsWithNoise(
  width: number,
  height: number,
  noiseSigma: number,
  seed = 1,
): { image: RgbaImage; truth: Int32Array } {
  const colours = [
    [200, 60, 50],
    [40, 150, 60],
    [50, 70, 190],
    [230, 210, 70],
  ];
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const data = new Uint8ClampedArray(width * height * 4);
  const truth = new Int32Array(width * height);
  const cx = width * 0.7, cy = height * 0.6, r = Math.min(width, height) * 0.22;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let region = 0;
      if (x < width * 0.45 && y < height * 0.5) region = 1;
      else if (x < width * 0.4 && y >= height * 0.6) region = 2;
      if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) region = 3;
      const p = y * width + x;
      truth[p] = region;
      for (let c = 0; c < 3; c++) data[p * 4 + c] = colours[region][c] + noiseSigma * gauss();
      data[p * 4 + 3] = 255;
    }
  }
  return { image: { width, height, data }, truth };
}
