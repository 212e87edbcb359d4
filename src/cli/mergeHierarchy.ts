/**
 * Cuts one map per image of a folder of partitions (e.g. DSC + split) at several heights of its
 * merge hierarchy (`regionMergeHierarchy`), so that one run gives the benchmark several settings:
 *
 *   npm run bsds:merge-hierarchy -- --in DIR --setting S --images DIR --out DIR
 *     (--thresholds T,T,... | --counts N,N,...) [--params JSON] [--guide DIR [--guide-settings S,S,...]]
 *     [--ensemble-settings S,S,...]
 *
 * Reads DIR/ID_<S>.png (label PNGs, as bsds:dsc and bsds:split-components write them) and the
 * photograph IMAGES/ID.jpg (or .png), and writes OUT/ID_<name>.png per threshold or count: with
 * `--thresholds` (merge heights in Lab units) the name is the threshold times 10, rounded (so
 * the benchmark's `odsThreshold` 80 means height 8); with `--counts` (at most that many regions)
 * it is the count. `--params` sets RegionMergeOptions (e.g. '{"boundaryWeight":0.5}').
 * `--guide G` reads G/ID_<S>.png as the guide partition (DSC's clusters, before the split) of
 * `sameClusterFactor` (default 0.8, chosen on val), with --in the superpixels DSC started from;
 * factor 0 makes the hierarchy start from DSC + split. `--guide-settings` reads G/ID_<s>.png for
 * each s instead (DSC's partitions at several superpixel counts), which vote on each boundary.
 * `--ensemble-settings S,S,...` builds one hierarchy per setting s (from DIR/ID_<s>.png voted onto
 * the regions of DIR/ID_<S>.png, guided by G/ID_<s>.png with --guide) and cuts the mean of their
 * boundary maps (`hierarchyEnsemble`); thresholds only.
 * OUT/params.json records the options and the names.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cutEnsemble, hierarchyEnsemble } from '../core/segmentation/hierarchyEnsemble';
import {
  cutHierarchy,
  cutHierarchyAtCount,
  regionMergeHierarchy,
  resolveRegionMergeOptions,
  SPECTRAL_MAX_REGIONS,
  type RegionMergeOptions,
} from '../core/segmentation/regionMergeHierarchy';
import { voteOnSuperpixels } from '../core/superpixels/superpixelsAtScale';
import { readLabelPng } from './bsds/readers';
import { parseFlagPairs } from './flagPairs';
import { readImage } from './io/readImage';
import { encodeLabelPng } from './io/writePng';

const USAGE =
  'usage: npm run bsds:merge-hierarchy -- --in DIR --setting S --images DIR --out DIR (--thresholds T,T,... | --counts N,N,...) [--params JSON] [--guide DIR [--guide-settings S,S,...]] [--ensemble-settings S,S,...]';

export interface MergeHierarchySummary {
  images: number;
  /** Output setting names, ascending; and per name the regions summed over the images. */
  names: number[];
  regions: number[];
  regionsIn: number;
  /** Images whose hierarchy went without the spectral term although it was asked for: more than SPECTRAL_MAX_REGIONS regions. */
  withoutSpectral: string[];
}

function parseList(text: string, flag: string, integer: boolean): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  for (const v of values) {
    if (!Number.isFinite(v) || v < 0 || (integer && (!Number.isInteger(v) || v < 1))) {
      throw new Error(`${flag}: expected ${integer ? 'integers >= 1' : 'numbers >= 0'} separated by commas, got ${text}`);
    }
  }
  return values;
}

export function mergeHierarchyMain(argv: string[]): MergeHierarchySummary {
  const args = parseFlagPairs(
    argv,
    ['--in', '--setting', '--images', '--out', '--thresholds', '--counts', '--params', '--guide', '--guide-settings', '--ensemble-settings'],
    USAGE,
  );
  const inDir = args.get('--in');
  const outDir = args.get('--out');
  const imagesDir = args.get('--images');
  const setting = args.get('--setting');
  if (inDir === undefined || outDir === undefined || imagesDir === undefined || setting === undefined) throw new Error(USAGE);
  if (!/^\d+$/.test(setting)) throw new Error(`--setting: expected the integer of ID_<setting>.png, got ${setting}`);
  for (const [flag, dir] of [['--in', inDir], ['--images', imagesDir]] as const) {
    if (!existsSync(dir)) throw new Error(`${flag} ${dir}: no such folder`);
  }
  if (resolve(inDir) === resolve(outDir)) throw new Error('--out must differ from --in (the maps are kept)');
  const thresholdsText = args.get('--thresholds');
  const countsText = args.get('--counts');
  if ((thresholdsText === undefined) === (countsText === undefined)) throw new Error('give one of --thresholds and --counts');
  const byCount = countsText !== undefined;
  const levels = byCount ? parseList(countsText, '--counts', true) : parseList(thresholdsText as string, '--thresholds', false);
  const names = levels.map((v) => (byCount ? v : Math.round(v * 10)));
  if (new Set(names).size !== names.length) throw new Error(`the levels give the same file name twice: ${names.join(',')}`);
  let options: Required<RegionMergeOptions>;
  try {
    options = resolveRegionMergeOptions(JSON.parse(args.get('--params') ?? '{}') as RegionMergeOptions);
  } catch (e) {
    throw new Error(`--params: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }

  const guideDir = args.get('--guide');
  if (guideDir !== undefined && !existsSync(guideDir)) throw new Error(`--guide ${guideDir}: no such folder`);
  const guideSettingsText = args.get('--guide-settings');
  if (guideSettingsText !== undefined && guideDir === undefined) throw new Error('--guide-settings needs --guide');
  const guideSettings = guideSettingsText === undefined ? [Number(setting)] : parseList(guideSettingsText, '--guide-settings', true);
  const ensembleText = args.get('--ensemble-settings');
  const ensemble = ensembleText === undefined ? null : parseList(ensembleText, '--ensemble-settings', true);
  if (ensemble !== null && byCount) throw new Error('--ensemble-settings cuts at heights: give --thresholds');
  if (ensemble !== null && guideSettingsText !== undefined) throw new Error('give --guide-settings or --ensemble-settings, not both');
  const suffix = `_${setting}.png`;
  const ids = readdirSync(inDir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
  if (ids.length === 0) throw new Error(`--in ${inDir}: no *${suffix} maps`);
  // Every image's hierarchy is built before anything is written, so a bad file leaves no partial
  // folder; the cuts are made while writing (16 cuts of 200 images would hold 2 GB at once).
  const cutters = ids.map((id) => {
    const photo = ['jpg', 'png'].map((ext) => join(imagesDir, `${id}.${ext}`)).find((p) => existsSync(p));
    if (photo === undefined) throw new Error(`--images ${imagesDir}: no ${id}.jpg or ${id}.png`);
    const image = readImage(photo);
    if (ensemble !== null) {
      // One hierarchy per setting over the same base: the other settings' maps are first voted
      // onto this setting's regions, since their own boundaries never quite coincide with these.
      const base = readLabelPng(join(inDir, `${id}${suffix}`));
      const members = ensemble.map((s) => {
        const guide = guideDir === undefined ? null : readLabelPng(join(guideDir, `${id}_${s}.png`));
        const own = s === Number(setting) ? base : voteOnSuperpixels(readLabelPng(join(inDir, `${id}_${s}.png`)), base);
        return regionMergeHierarchy(own, image, options, guide);
      });
      const e = hierarchyEnsemble(base, members);
      const spectral = members.every((m) => m.spectral);
      return { id, count: e.count, width: base.width, height: base.height, cut: (v: number) => cutEnsemble(e, v), spectral };
    }
    const map = readLabelPng(join(inDir, `${id}${suffix}`));
    const guide = guideDir === undefined ? null : guideSettings.map((g) => readLabelPng(join(guideDir, `${id}_${g}.png`)));
    const h = regionMergeHierarchy(map, image, options, guide);
    const cut = (v: number) => (byCount ? cutHierarchyAtCount(h, v) : cutHierarchy(h, v));
    return { id, count: h.count, width: h.base.width, height: h.base.height, cut, spectral: h.spectral };
  });
  mkdirSync(outDir, { recursive: true });
  const regions = names.map(() => 0);
  let regionsIn = 0;
  for (const { id, count, width, height, cut } of cutters) {
    regionsIn += count;
    levels.forEach((v, i) => {
      const c = cut(v);
      regions[i] += c.count;
      writeFileSync(join(outDir, `${id}_${names[i]}.png`), encodeLabelPng({ width, height, labels: c.labels }));
    });
  }
  writeFileSync(
    join(outDir, 'params.json'),
    `${JSON.stringify({ in: inDir, guide: guideDir ?? null, guideSettings: guideDir === undefined || ensemble !== null ? null : guideSettings, ensembleSettings: ensemble, setting: Number(setting), options, [byCount ? 'counts' : 'thresholds']: levels, names }, null, 2)}\n`,
  );
  const order = names.map((_, i) => i).sort((a, b) => names[a] - names[b]);
  const withoutSpectral = options.spectralWeight > 0 ? cutters.filter((c) => !c.spectral && c.count > SPECTRAL_MAX_REGIONS).map((c) => c.id) : [];
  return { images: ids.length, names: order.map((i) => names[i]), regions: order.map((i) => regions[i]), regionsIn, withoutSpectral };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    const s = mergeHierarchyMain(process.argv.slice(2));
    const per = s.names.map((name, i) => `${name}: ${(s.regions[i] / s.images).toFixed(1)}`).join(', ');
    process.stdout.write(`${s.images} images, ${(s.regionsIn / s.images).toFixed(1)} regions each in; per setting (mean regions) ${per}\n`);
    if (s.withoutSpectral.length > 0) {
      process.stderr.write(
        `bsds:merge-hierarchy: the spectral term was left out for ${s.withoutSpectral.length} image(s) with more than ${SPECTRAL_MAX_REGIONS} regions: ${s.withoutSpectral.join(', ')}\n`,
      );
    }
  } catch (e) {
    process.stderr.write(`bsds:merge-hierarchy: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
