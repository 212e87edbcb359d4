import { describe, expect, it } from 'vitest';
import { egbMinSizeForArea } from './egbMinSizeForArea';

describe('egbMinSizeForArea', () => {
  it('is the val choice, 200, on a BSDS500 image and scales with the area', () => {
    expect(egbMinSizeForArea(481 * 321)).toBe(200);
    expect(egbMinSizeForArea(321 * 481)).toBe(200);
    expect(egbMinSizeForArea(962 * 642)).toBe(800);
    expect(egbMinSizeForArea(240 * 160)).toBe(50);
    expect(egbMinSizeForArea(4)).toBe(1); // never below 1
  });

  it('refuses a non-positive or non-finite area', () => {
    for (const bad of [0, -5, NaN, Infinity]) expect(() => egbMinSizeForArea(bad)).toThrow(/pixels must be > 0/);
  });
});
