/**
 * The BSDS500 region benchmark over a folder of predictions: evaluates every image (in worker
 * threads), aggregates as the official code does, prints a table, and writes JSON/CSV/official
 * files on request. Images that fail are reported by file and skipped; the run still finishes.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregate, type BenchmarkSummary } from '../../core/metrics/aggregate';
import type { ImageEvaluation } from '../../core/metrics/evaluateImage';
import { officialEvalFiles } from '../../core/metrics/officialEvalFiles';
import { ucmThresholds } from '../../core/segmentation/ucmThresholds';
import { ProgressBar, formatSeconds } from '../progress';
import { listJobs, type JobResult, type PredFormat } from './jobs';
import type { BsdsOptions } from './options';
import { runJobs } from './pool';
import { readMatFile } from './readers';

export interface BsdsRun {
  readonly summary: BenchmarkSummary | null;
  readonly evaluated: number;
  readonly skipped: { id: string; error: string }[];
  readonly seconds: number;
  /** 0 when every image was evaluated, 1 otherwise. */
  readonly exitCode: number;
}

/** png when the folder holds PNGs, else segs or ucm2 by the variable in its first .mat. */
export function detectFormat(pred: string): PredFormat {
  let files: string[];
  try {
    files = readdirSync(pred).sort();
  } catch {
    return 'ucm2';
  }
  if (files.some((f) => f.toLowerCase().endsWith('.png'))) return 'png';
  const mat = files.find((f) => f.endsWith('.mat'));
  if (!mat) return 'ucm2';
  try {
    return readMatFile(join(pred, mat)).has('segs') ? 'segs' : 'ucm2';
  } catch {
    return 'ucm2';
  }
}

function csvRows(results: readonly JobResult[], thresholds: readonly number[]): string {
  const lines = ['image,setting,threshold,covering,cntR,sumR,cntP,sumP,ri,vi'];
  for (const r of results) {
    if (!r.ok) continue;
    r.settings.forEach((s, i) => {
      const cover = s.sumR === 0 ? 0 : s.cntR / s.sumR;
      lines.push(
        [r.id, i + 1, thresholds[i], cover, s.cntR, s.sumR, s.cntP, s.sumP, s.ri, s.vi].join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}

function table(s: BenchmarkSummary): string {
  const f = (x: number): string => x.toFixed(4).padStart(8);
  return [
    '          ODS      OIS     Best',
    `SC   ${f(s.cover.ods)} ${f(s.cover.ois)} ${f(s.cover.best)}`,
    `PRI  ${f(s.pri.ods)} ${f(s.pri.ois)}`,
    `VI   ${f(s.vi.ods)} ${f(s.vi.ois)}`,
  ].join('\n');
}

export async function runBsds(
  o: BsdsOptions,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<BsdsRun> {
  const t0 = performance.now();
  const thresholds = o.format === 'ucm2' ? ucmThresholds(o.nthresh) : [];
  const { jobs, pngSettings, unmatchedGroundTruth } = listJobs(o.pred, o.gt, o.format, thresholds);
  if (jobs.length === 0)
    throw new Error(`no ${o.format === 'png' ? '.png' : '.mat'} predictions in ${o.pred}`);
  const bar = o.progress ? new ProgressBar(jobs.length, 'bsds ') : null;
  const results = await runJobs(jobs, pngSettings, o.workers, (r) => {
    if (!r.ok) err(`error: ${r.error}`);
    bar?.tick();
  });

  // segs: the settings are 1..S, S from the first image evaluated (as the official code).
  const settings =
    o.format === 'ucm2'
      ? thresholds
      : o.format === 'png'
        ? pngSettings
        : (() => {
            const first = results.find((r) => r.ok);
            return first && first.ok ? first.settings.map((_, i) => i + 1) : [];
          })();
  const skipped: { id: string; error: string }[] = [];
  const good: ImageEvaluation[] = [];
  const goodResults: JobResult[] = [];
  for (const r of results) {
    if (!r.ok) {
      skipped.push({ id: r.id, error: r.error });
    } else if (r.settings.length !== settings.length) {
      const error = `${r.id}: ${r.settings.length} settings, the other images have ${settings.length}`;
      err(`error: ${error}`);
      skipped.push({ id: r.id, error });
    } else {
      good.push({
        settings: r.settings,
        cntRBest: r.cntRBest,
        bestRegionOverlap: new Float64Array(0),
      });
      goodResults.push(r);
    }
  }
  const summary = good.length > 0 ? aggregate(good, settings) : null;
  const seconds = (performance.now() - t0) / 1000;

  out(
    `BSDS500 region benchmark: ${good.length} images evaluated, ${skipped.length} skipped, ` +
      `${settings.length} ${o.format === 'ucm2' ? 'thresholds' : 'settings'}, ${o.workers} workers, ${formatSeconds(seconds)}`,
  );
  if (unmatchedGroundTruth > 0)
    out(`note: ${unmatchedGroundTruth} ground-truth images have no prediction`);
  if (summary) out(table(summary));
  if (skipped.length > 0) out(`${skipped.length} image(s) skipped because of errors (see above)`);

  if (o.json && summary) {
    const json = {
      images: summary.images,
      skipped: skipped.length,
      sc: {
        ods: summary.cover.ods,
        ois: summary.cover.ois,
        best: summary.cover.best,
        odsThreshold: summary.cover.odsThreshold,
      },
      pri: { ods: summary.pri.ods, ois: summary.pri.ois, odsThreshold: summary.pri.odsThreshold },
      vi: { ods: summary.vi.ods, ois: summary.vi.ois, odsThreshold: summary.vi.odsThreshold },
      seconds,
    };
    writeFileSync(o.json, `${JSON.stringify(json, null, 2)}\n`);
  }
  if (o.csv) writeFileSync(o.csv, csvRows(goodResults, settings));
  if (o.officialDir && summary) {
    mkdirSync(o.officialDir, { recursive: true });
    for (const [name, text] of Object.entries(officialEvalFiles(summary)))
      writeFileSync(join(o.officialDir, name), text);
  }
  return {
    summary,
    evaluated: good.length,
    skipped,
    seconds,
    exitCode: skipped.length > 0 || !summary ? 1 : 0,
  };
}
