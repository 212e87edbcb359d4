import { describe, expect, it } from 'vitest';
import { rgbaToLab } from '../superpixels/colour';
import { orientedGradient, resolveOrientedGradientOptions } from './orientedGradient';
import { textureCodes } from './textureCodes';

/** Lab and LBP codes of an image given as grey levels, and a partition cut at column `cut`. */
function setup(width: number, height: number, grey: (x: number, y: number) => number, cut: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = grey(x, y);
      data.set([v, v, v, 255], 4 * (y * width + x));
    }
  }
  const lab = rgbaToLab(data);
  const { lbp } = textureCodes(lab, width, height);
  const labels = Int32Array.from({ length: width * height }, (_, i) => (i % width < cut ? 0 : 1));
  return { lab, lbp, labels };
}

describe('orientedGradient', () => {
  const width = 30;
  const height = 20;
  const at = (g: Float32Array, x: number, y: number): number => g[y * width + x];

  it('is high on a real edge and 0 on a cut through a flat area, and only set where the labels differ', () => {
    const edge = setup(width, height, (x) => (x < 15 ? 60 : 190), 15);
    const onEdge = orientedGradient(edge.lab, edge.lbp, edge.labels, width, height, { radius: 5 });
    expect(at(onEdge.horizontal, 14, 10)).toBeGreaterThan(0.24); // L alone differs: a quarter of the four channels
    expect(at(onEdge.horizontal, 10, 10)).toBe(0); // no cut there
    expect(onEdge.vertical.every((v) => v === 0)).toBe(true);
    const flat = setup(width, height, () => 120, 15);
    expect(at(orientedGradient(flat.lab, flat.lbp, flat.labels, width, height).horizontal, 14, 10)).toBe(0);
  });

  it('sees a texture edge between two areas of the same mean grey', () => {
    // Left: flat grey 128; right: a checkerboard of 88 and 168 (mean 128).
    const tex = setup(width, height, (x, y) => (x < 15 ? 128 : (x + y) % 2 === 0 ? 88 : 168), 15);
    const g = orientedGradient(tex.lab, tex.lbp, tex.labels, width, height, { radius: 5 });
    const textureEdge = at(g.horizontal, 14, 10);
    // The same cut inside the checkerboard alone sees nothing (both halves alike).
    const inside = setup(width, height, (x, y) => ((x + y) % 2 === 0 ? 88 : 168), 15);
    const within = at(orientedGradient(inside.lab, inside.lbp, inside.labels, width, height, { radius: 5 }).horizontal, 14, 10);
    expect(textureEdge).toBeGreaterThan(0.25);
    expect(within).toBeLessThan(0.1);
  });

  it('finds a diagonal edge at its own angle', () => {
    const diag = setup(width, height, (x, y) => (x - y < 5 ? 60 : 190), 0);
    // Cut along the same diagonal.
    const labels = Int32Array.from({ length: width * height }, (_, i) => ((i % width) - Math.floor(i / width) < 5 ? 0 : 1));
    const eight = orientedGradient(diag.lab, diag.lbp, labels, width, height, { radius: 5, orientations: 8 });
    const one = orientedGradient(diag.lab, diag.lbp, labels, width, height, { radius: 5, orientations: 1 });
    // At (14, 10) the pair (14, 10)-(15, 10) crosses the diagonal x - y = 5.
    expect(at(eight.horizontal, 14, 10)).toBeGreaterThan(at(one.horizontal, 14, 10) + 0.1);
  });

  it('refuses bad options and sizes', () => {
    expect(() => resolveOrientedGradientOptions({ radius: 0 })).toThrow(/radius/);
    expect(() => resolveOrientedGradientOptions({ orientations: 2.5 })).toThrow(/orientations/);
    const s = setup(4, 4, () => 0, 2);
    expect(() => orientedGradient(s.lab, s.lbp, s.labels, 5, 4)).toThrow(/expected/);
  });
});
