import { availableParallelism } from 'node:os';
import type { PredFormat } from './jobs';

export interface BsdsOptions {
  /** Folder of predictions: ID.mat (segs, ucm2) or ID.png / ID_<setting>.png (png). */
  pred: string;
  /** Folder of ground-truth ID.mat files. */
  gt: string;
  /** @default png when the folder holds PNGs, else segs or ucm2 by its first .mat's variable */
  format: PredFormat;
  /** Thresholds of a ucm2 (linspace(1/(N+1), 1-1/(N+1), N)). @default 99 */
  nthresh: number;
  /** Worker threads; 0 runs in the main thread. @default os.availableParallelism() */
  workers: number;
  /** Write the summary as JSON here. @default none */
  json?: string;
  /** Write one row per image and setting here. @default none */
  csv?: string;
  /** Write the official benchmark's eval_*.txt files into this folder. @default none */
  officialDir?: string;
  /** Show a progress bar on stderr. @default true */
  progress: boolean;
}

export const USAGE = `Usage: npm run bsds -- --pred DIR --gt DIR [--format segs|ucm2|png] [--nthresh N]
                      [--json FILE] [--csv FILE] [--official-dir DIR] [--workers N] [--no-progress]
BSDS500 region benchmark (SC, PRI, VI at ODS and OIS), as the official code computes it.
  --pred DIR      predictions: ID.mat (segs or ucm2) or label PNGs ID.png / ID_<setting>.png
                  (8- or 16-bit grey, value = label + 1)
  --gt DIR        ground truth: ID.mat (e.g. ../shared/bsds500/groundTruth/test)
  --format F      segs | ucm2 | png (default: png if DIR holds PNGs, else segs or ucm2
                  by the variable in its first .mat)
  --nthresh N     ucm2 thresholds, linspace(1/(N+1), 1-1/(N+1), N) (default 99)
  --json FILE     summary as JSON; --csv FILE: one row per image and setting
  --official-dir DIR   also write the official eval_*.txt files there
  --workers N     worker threads (default: available cores; 0 = main thread)`;

/** Parses command-line arguments; throws an Error with a message on bad usage. */
export function parseBsdsArgs(
  argv: readonly string[],
  defaultFormat: (pred: string) => PredFormat,
): BsdsOptions {
  const values = new Map<string, string>();
  let progress = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-progress') {
      progress = false;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (
      !m ||
      !['pred', 'gt', 'format', 'nthresh', 'json', 'csv', 'official-dir', 'workers'].includes(m[1])
    ) {
      throw new Error(`unknown argument "${a}"`);
    }
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new Error(`--${m[1]} needs a value`);
    values.set(m[1], v);
  }
  const pred = values.get('pred');
  const gt = values.get('gt');
  if (!pred) throw new Error('--pred DIR is required');
  if (!gt) throw new Error('--gt DIR is required');
  const format = (values.get('format') ?? defaultFormat(pred)) as PredFormat;
  if (!['segs', 'ucm2', 'png'].includes(format))
    throw new Error(`--format: expected segs, ucm2 or png, got "${format}"`);
  const nthresh = Number(values.get('nthresh') ?? 99);
  if (!Number.isInteger(nthresh) || nthresh < 1)
    throw new Error(`--nthresh: expected an integer >= 1, got "${values.get('nthresh')}"`);
  const workers = Number(values.get('workers') ?? availableParallelism());
  if (!Number.isInteger(workers) || workers < 0)
    throw new Error(`--workers: expected an integer >= 0, got "${values.get('workers')}"`);
  return {
    pred,
    gt,
    format,
    nthresh,
    workers,
    json: values.get('json'),
    csv: values.get('csv'),
    officialDir: values.get('official-dir'),
    progress,
  };
}
