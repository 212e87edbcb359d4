import { describe, expect, it } from 'vitest';
import { parseArgs, SOURCES } from './bsdsSuperpixels';

describe('bsds:superpixels arguments', () => {
  it('reads the options the fidelity table needs', () => {
    const a = parseArgs(['--split', 'test', '--algo', 'ms', '--counts', '100,50,20,10', '--out', '/tmp/x', '--limit', '3']);
    expect(a).toMatchObject({ split: 'test', algo: 'ms', counts: [100, 50, 20, 10], out: '/tmp/x', on: 'image', limit: 3 });
    expect(Object.keys(SOURCES)).toContain('image');
  });

  it('rejects bad values with a clear message', () => {
    expect(() => parseArgs(['--algo', 'watershed', '--out', 'd'])).toThrow(/--algo must be one of slic, egb, ms/);
    expect(() => parseArgs(['--counts', '100,x', '--out', 'd'])).toThrow(/--counts/);
    expect(() => parseArgs(['--split', 'dev', '--out', 'd'])).toThrow(/--split/);
    expect(() => parseArgs(['--on', 'reconstruction', '--out', 'd'])).toThrow(/--on reconstruction is not available/);
    expect(() => parseArgs([])).toThrow(/--out DIR is required/);
    expect(() => parseArgs(['--out', 'd', '--bogus'])).toThrow(/unknown option --bogus/);
  });
});
