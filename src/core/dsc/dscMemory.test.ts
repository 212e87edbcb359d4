import { describe, expect, it } from 'vitest';
import { checkDscFits, largestDscBuffer } from './dscMemory';

const SUPERAE: [number, number, number] = [64, 128, 256];

describe('largestDscBuffer and checkDscFits', () => {
  it("names E2's im2col as the largest buffer of the SuperAE at 321x481", () => {
    const big = largestDscBuffer(321, 481, SUPERAE);
    expect(big.what).toMatch(/E2's im2col/);
    expect(big.bytes).toBe(162 * 242 * 9 * 64 * 4);
  });

  it('passes what fits and refuses 4000x3000 under a 2 GiB limit, suggesting a long side that fits', () => {
    expect(() => checkDscFits(321, 481, SUPERAE, 2 ** 31)).not.toThrow();
    expect(() => checkDscFits(3000, 4000, SUPERAE, null)).not.toThrow(); // no limit known (cpu)
    let message = '';
    try {
      checkDscFits(3000, 4000, SUPERAE, 2 ** 31);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /4000x3000 working resolution needs 6592 MiB .* at most about \d+ px on the long side/,
    );
    const suggested = Number(/about (\d+) px/.exec(message)![1]);
    expect(suggested).toBeGreaterThan(1000);
    expect(suggested).toBeLessThan(4000);
    const h = Math.round((3000 * suggested) / 4000);
    expect(largestDscBuffer(h, suggested, SUPERAE).bytes).toBeLessThanOrEqual(2 ** 31);
    expect(largestDscBuffer(h + 4, suggested + 4, SUPERAE).bytes).toBeGreaterThan(2 ** 31);
  });
});
