/**
 * Splits every label of a folder of label maps into its 8-connected components, the
 * post-processing issue 9 lists as an improvement beyond the paper ("connected-component splitting
 * of partitions"): DSC labels superpixels by cluster, and one cluster can cover separate areas.
 *
 *   npm run bsds:split-components -- --in DIR --out DIR [--min-area FRACTION]
 *
 * `--min-area` then absorbs every region smaller than that fraction of the image into the
 * neighbour it shares the longest boundary with (`mergeSmallRegions`; 0, the default, keeps all).
 *
 * Reads DIR/*.png (16-bit grayscale, label + 1, as bsds:dsc writes them) and writes the split
 * maps under the same names to --out, in the same format, for `npm run bsds -- --format png`.
 * 8-connectivity, as DSC's own `--split-components`: EGB superpixels are 8-connected, so no
 * superpixel is cut. Measured on val before use on test (docs/results.md).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mergeSmallRegions, resolveMergeSmallRegionsOptions } from '../core/dsc/mergeSmallRegions';
import { splitConnectedComponents } from '../core/dsc/splitConnectedComponents';
import { readLabelPng } from './bsds/readers';
import { parseFlagPairs } from './flagPairs';
import { writeRelabelledMaps } from './io/writePng';

const USAGE = 'usage: npm run bsds:split-components -- --in DIR --out DIR [--min-area FRACTION]';

export interface SplitSummary {
  maps: number;
  /** Regions before and after, summed over the maps. */
  regionsIn: number;
  regionsOut: number;
  /** `--min-area`, 0 when not given. */
  minAreaFraction: number;
}

export function splitComponentsMain(argv: string[]): SplitSummary {
  const args = parseFlagPairs(argv, ['--in', '--out', '--min-area'], USAGE);
  const inDir = args.get('--in');
  const outDir = args.get('--out');
  if (inDir === undefined || outDir === undefined) throw new Error(USAGE);
  if (!existsSync(inDir)) throw new Error(`--in ${inDir}: no such folder`);
  if (resolve(inDir) === resolve(outDir)) throw new Error('--out must differ from --in (the maps are kept)');
  const minAreaText = args.get('--min-area');
  const minAreaFraction = minAreaText === undefined ? 0 : Number(minAreaText);
  try {
    resolveMergeSmallRegionsOptions({ minAreaFraction });
  } catch {
    throw new Error(`--min-area must be a fraction of the image in [0, 1), e.g. 0.05, got ${minAreaText}`);
  }
  const names = readdirSync(inDir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  if (names.length === 0) throw new Error(`--in ${inDir}: no .png label maps`);
  // Every map is read and split before anything is written: a bad file leaves no partial folder.
  const split = names.map((name) => {
    const map = readLabelPng(join(inDir, name));
    const parts = splitConnectedComponents(map.labels, map.width, map.height);
    const out = minAreaFraction > 0 ? mergeSmallRegions(parts.labels, map.width, map.height, { minAreaFraction }) : parts;
    return { name, map, out };
  });
  return { ...writeRelabelledMaps(outDir, split), minAreaFraction };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    const s = splitComponentsMain(process.argv.slice(2));
    const merged = s.minAreaFraction > 0 ? ` and merging those under ${s.minAreaFraction} of the image` : '';
    process.stdout.write(`${s.maps} maps: ${s.regionsIn} regions -> ${s.regionsOut} after splitting${merged}\n`);
  } catch (e) {
    process.stderr.write(`bsds:split-components: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
