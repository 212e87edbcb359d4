/**
 * The ceiling of superpixel merging on a BSDS500 split (`guidedMerge`): every superpixel map of a
 * folder is merged the way the best of the image's human segmentations would merge it.
 *
 *   npm run bsds:guided-merge -- --in DIR --gt DIR --out DIR
 *
 * Reads DIR/ID_<setting>.png (16-bit grayscale, label + 1, as bsds:superpixels and bsds:dsc
 * write them) and the ground truth --gt/ID.mat; writes the merged maps under the same names to
 * --out for `npm run bsds -- --format png`. The scores of that folder are a ceiling for any
 * merger of these superpixels (not a strict maximum: the merge is chosen by covering, not PRI or
 * VI): an analysis, not a method, as it reads the answers. Every merged map is held in memory
 * until all are done.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LabelMap } from '../core/image/LabelMap';
import { guidedMerge } from '../core/metrics/guidedMerge';
import { readGroundTruthFile, readLabelPng } from './bsds/readers';
import { parseFlagPairs } from './flagPairs';
import { writeRelabelledMaps } from './io/writePng';

const USAGE = 'usage: npm run bsds:guided-merge -- --in DIR --gt DIR --out DIR';
const NAME = /^(.+?)(?:_[^_]+)?\.png$/;

export interface GuidedMergeSummary {
  maps: number;
  /** Regions before and after, summed over the maps. */
  regionsIn: number;
  regionsOut: number;
  /** Mean over the maps of each merge's covering of its image's human segmentations. */
  meanCovering: number;
}

export function guidedMergeMain(argv: string[]): GuidedMergeSummary {
  const args = parseFlagPairs(argv, ['--in', '--gt', '--out'], USAGE);
  const [inDir, gtDir, outDir] = ['--in', '--gt', '--out'].map((f) => args.get(f));
  if (inDir === undefined || gtDir === undefined || outDir === undefined) throw new Error(USAGE);
  for (const [flag, dir] of [['--in', inDir], ['--gt', gtDir]]) {
    if (!existsSync(dir)) throw new Error(`${flag} ${dir}: no such folder`);
  }
  if (resolve(inDir) === resolve(outDir)) throw new Error('--out must differ from --in (the maps are kept)');
  const names = readdirSync(inDir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  if (names.length === 0) throw new Error(`--in ${inDir}: no .png label maps`);
  const truths = new Map<string, LabelMap[]>();
  // Every map is merged before anything is written: a bad file leaves no partial folder.
  const merged = names.map((name) => {
    const id = NAME.exec(name)![1];
    let gts = truths.get(id);
    if (gts === undefined) {
      gts = readGroundTruthFile(join(gtDir, `${id}.mat`));
      truths.set(id, gts);
    }
    const map = readLabelPng(join(inDir, name));
    let out;
    try {
      out = guidedMerge(map, gts);
    } catch (e) {
      throw new Error(`${join(inDir, name)}: ${(e as Error).message}`, { cause: e });
    }
    return { name, map, out };
  });
  return {
    ...writeRelabelledMaps(outDir, merged),
    meanCovering: merged.reduce((s, x) => s + x.out.covering, 0) / merged.length,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    const s = guidedMergeMain(process.argv.slice(2));
    process.stdout.write(
      `${s.maps} maps: ${s.regionsIn} superpixels -> ${s.regionsOut} regions; mean covering of the humans ${s.meanCovering.toFixed(4)}\n`,
    );
  } catch (e) {
    process.stderr.write(`bsds:guided-merge: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
