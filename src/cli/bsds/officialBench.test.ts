/**
 * The official BSDS500 benchmark's own test case (bench/ in the data set): our numbers must
 * match every number the official MATLAB code printed, within 1e-5.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { officialEvalFiles } from '../../core/metrics/officialEvalFiles';
import { BSDS500_SKIP_MESSAGE, bsds500Dir } from '../../testing/bsds500';
import type { PredFormat } from './jobs';
import { runBsds } from './runBsds';

const root = bsds500Dir();
if (!root) console.warn(BSDS500_SKIP_MESSAGE);

const numbers = (text: string): number[] => text.trim().split(/\s+/).map(Number);

async function expectMatchesOfficial(
  format: PredFormat,
  input: string,
  expected: string,
  workers: number,
): Promise<void> {
  const bench = join(root!, 'bench');
  const run = await runBsds(
    {
      pred: join(bench, input),
      gt: join(bench, 'groundTruth'),
      format,
      nthresh: 5,
      workers,
      progress: false,
    },
    () => {},
    () => {},
  );
  expect(run.exitCode).toBe(0);
  expect(run.evaluated).toBe(5);
  const files = officialEvalFiles(run.summary!);
  for (const name of [
    'eval_cover.txt',
    'eval_cover_th.txt',
    'eval_cover_img.txt',
    'eval_RI_VOI.txt',
    'eval_RI_VOI_thr.txt',
  ]) {
    const want = numbers(readFileSync(join(bench, 'expected', expected, name), 'utf8'));
    const got = numbers(files[name]);
    expect({ name, count: got.length }).toEqual({ name, count: want.length });
    const off = got
      .map((x, i) => ({ name, i, got: x, want: want[i] }))
      .filter((d) => !(Math.abs(d.got - d.want) <= 1e-5));
    expect(off).toEqual([]);
  }
  // Unrounded values too, not just their printed form.
  const s = run.summary!;
  const cover = numbers(readFileSync(join(bench, 'expected', expected, 'eval_cover.txt'), 'utf8'));
  expect(Math.abs(s.cover.ods - cover[1])).toBeLessThanOrEqual(1e-5);
  expect(Math.abs(s.cover.ois - cover[2])).toBeLessThanOrEqual(1e-5);
  expect(Math.abs(s.cover.best - cover[3])).toBeLessThanOrEqual(1e-5);
}

describe.skipIf(!root)('official BSDS500 benchmark test case', () => {
  it('ucm2 at 5 thresholds matches expected/test_1 (in the main thread)', async () => {
    await expectMatchesOfficial('ucm2', 'ucm2', 'test_1', 0);
  });

  it('segs matches expected/test_4 and test_5 (in worker threads)', async () => {
    await expectMatchesOfficial('segs', 'segs', 'test_4', 2);
    await expectMatchesOfficial('segs', 'segs', 'test_5', 0);
  });
});
