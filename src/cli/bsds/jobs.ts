/**
 * The work of the BSDS500 region benchmark, one job per image: which files to read, and the
 * evaluation of one job (run in a worker thread or inline).
 */
import { join } from 'node:path';
import type { LabelMap } from '../../core/image/LabelMap';
import {
  evaluateCoarsenings,
  evaluateImage,
  type SettingScore,
} from '../../core/metrics/evaluateImage';
import { ucmHierarchy } from '../../core/segmentation/ucmHierarchy';
import { byId, listDir, listLabelPngs } from './listFiles';
import { readGroundTruthFile, readLabelPng, readSegsFile, readUcm2File } from './readers';

export type PredFormat = 'segs' | 'ucm2' | 'png';

export interface ImageJob {
  readonly id: string;
  readonly format: PredFormat;
  /** One file for segs/ucm2; one per setting for png (null where the file is missing). */
  readonly predPaths: readonly (string | null)[];
  readonly gtPath: string;
  /** ucm2 thresholds (ascending); unused for other formats. */
  readonly thresholds: readonly number[];
}

export type JobResult =
  | {
      readonly id: string;
      readonly ok: true;
      readonly settings: SettingScore[];
      readonly cntRBest: number;
    }
  | { readonly id: string; readonly ok: false; readonly error: string };

export interface JobList {
  readonly jobs: ImageJob[];
  /** For png: the setting values found in the file names, ascending. */
  readonly pngSettings: number[];
  /** Ground-truth images with no prediction (not an error: a subset may be evaluated). */
  readonly unmatchedGroundTruth: number;
}

/** Lists the images of `predDir` and matches them with `gtDir/ID.mat`. */
export function listJobs(
  predDir: string,
  gtDir: string,
  format: PredFormat,
  thresholds: readonly number[],
): JobList {
  const gtIds = new Set(
    listDir(gtDir, 'ground-truth')
      .filter((f) => f.endsWith('.mat'))
      .map((f) => f.slice(0, -4)),
  );
  const files = listDir(predDir, 'prediction');
  const gtPath = (id: string): string => join(gtDir, `${id}.mat`);
  let jobs: ImageJob[];
  let pngSettings: number[] = [];
  if (format === 'png') {
    const listed = listLabelPngs(predDir);
    pngSettings = listed.settings;
    jobs = [...listed.images].map(([id, predPaths]) => ({
      id,
      format,
      predPaths,
      gtPath: gtPath(id),
      thresholds,
    }));
  } else {
    jobs = files
      .filter((f) => f.endsWith('.mat'))
      .map((f) => f.slice(0, -4))
      .sort(byId)
      .map((id) => ({
        id,
        format,
        predPaths: [join(predDir, `${id}.mat`)],
        gtPath: gtPath(id),
        thresholds,
      }));
  }
  const predIds = new Set(jobs.map((j) => j.id));
  const unmatchedGroundTruth = [...gtIds].filter((id) => !predIds.has(id)).length;
  return { jobs, pngSettings, unmatchedGroundTruth };
}

function readPngSettings(job: ImageJob, settings: readonly number[]): LabelMap[] {
  return job.predPaths.map((p, i) => {
    if (p === null)
      throw new Error(
        `missing prediction ${job.id}_${settings[i]}.png (other images have this setting)`,
      );
    return readLabelPng(p);
  });
}

function checkSize(
  maps: readonly LabelMap[],
  paths: readonly string[],
  gts: readonly LabelMap[],
  gtPath: string,
): void {
  const { width, height } = gts[0];
  for (const [i, m] of maps.entries()) {
    const path = paths[Math.min(i, paths.length - 1)];
    if (m.width !== width || m.height !== height) {
      throw new Error(
        `${path}: size ${m.height}x${m.width} (rows x columns) does not match the ground truth ${gtPath} (${height}x${width})`,
      );
    }
  }
}

/** Evaluates one image. Never throws: errors come back as { ok: false, error }. */
export function runJob(job: ImageJob, pngSettings: readonly number[] = []): JobResult {
  try {
    const gts = readGroundTruthFile(job.gtPath);
    let evaluation;
    if (job.format === 'ucm2') {
      const path = job.predPaths[0]!;
      const ucm = readUcm2File(path);
      if (ucm.width !== 2 * gts[0].width + 1 || ucm.height !== 2 * gts[0].height + 1) {
        throw new Error(
          `${path}: ucm2 size ${ucm.height}x${ucm.width} is not (2H+1)x(2W+1) for the ground truth ${job.gtPath} (${gts[0].height}x${gts[0].width})`,
        );
      }
      let h;
      try {
        h = ucmHierarchy(ucm, job.thresholds);
      } catch (e) {
        throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
      }
      evaluation = evaluateCoarsenings(h.base, h.levels, gts);
    } else {
      const segs =
        job.format === 'segs' ? readSegsFile(job.predPaths[0]!) : readPngSettings(job, pngSettings);
      checkSize(segs, job.predPaths as string[], gts, job.gtPath);
      evaluation = evaluateImage(segs, gts);
    }
    return { id: job.id, ok: true, settings: evaluation.settings, cntRBest: evaluation.cntRBest };
  } catch (e) {
    return { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
