/**
 * Superpixel label maps for a BSDS500 split, for the region benchmark (covering, PRI, VI).
 *
 *   npm run bsds:superpixels -- --split val|test --algo slic|egb|ms --counts 100,50,20,10 \
 *     --out DIR [--on image | --source-dir DIR] [--limit N] [--params '{"compactness":10}']
 *
 * Writes DIR/ID_<count>.png, 16-bit grayscale holding label + 1, for every image ID of
 * images/<split> (sorted), one file per requested count; the evaluator reads the folder with
 * `--format png`. The main parameter of the algorithm is searched per image to reach each count
 * (within 10% where the image allows). `--on` picks what the superpixels are computed on:
 * `image` (the photograph); other sources register in SOURCES. `--source-dir DIR` instead reads
 * DIR/ID.png (or .jpg), e.g. SuperAE reconstructions written by training/reconstruct_split.py
 * (docs/ablation.md); each must have the photograph's size, as the ground truth is on its grid.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RgbaImage } from '../core/image/RgbaImage';
import { SUPERPIXEL_ALGORITHMS, type SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';
import { superpixelsForCounts, withinTolerance } from '../core/superpixels/targetCount';
import { bsds500Dir } from '../testing/bsds500';
import { readImage } from './io/readImage';
import { encodeLabelPng, writePng } from './io/writePng';
import { ProgressBar } from './progress';
import { parseSuperpixelParams, type SuperpixelParams } from './superpixelParams';

/** Where the pixels the superpixels are computed on come from, per image ID. */
export type ImageSource = (ctx: { bsdsDir: string; split: string; id: string }) => RgbaImage;

export const SOURCES: Record<string, ImageSource> = {
  image: ({ bsdsDir, split, id }) => readImage(join(bsdsDir, 'images', split, `${id}.jpg`)),
};

/**
 * A source reading DIR/ID.png (else DIR/ID.jpg), checked to have the size of the BSDS photograph
 * `sizeOf` gives for that ID, so label maps stay aligned with the ground truth.
 */
export function folderSource(dir: string, sizeOf: ImageSource): ImageSource {
  return (ctx) => {
    const path = ['png', 'jpg'].map((ext) => join(dir, `${ctx.id}.${ext}`)).find((p) => existsSync(p));
    if (!path) throw new Error(`--source-dir: no ${ctx.id}.png or ${ctx.id}.jpg in ${dir}`);
    const image = readImage(path);
    const ref = sizeOf(ctx);
    if (image.width !== ref.width || image.height !== ref.height) {
      throw new Error(
        `--source-dir: ${path} is ${image.width}x${image.height}, the photograph ${ctx.id} is ${ref.width}x${ref.height}`,
      );
    }
    return image;
  };
}

export interface BsdsSuperpixelsArgs {
  split: string;
  algo: SuperpixelAlgorithm;
  counts: number[];
  out: string;
  on: string;
  /** Folder of per-ID source images replacing `on`, or null. */
  sourceDir: string | null;
  limit: number;
  params: SuperpixelParams;
}

export function parseArgs(argv: string[]): BsdsSuperpixelsArgs {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i === -1) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    return v;
  };
  const known = new Set(['--split', '--algo', '--counts', '--out', '--on', '--source-dir', '--limit', '--params']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a}`);
  const split = get('split') ?? 'val';
  if (!['train', 'val', 'test'].includes(split)) throw new Error(`--split must be train, val or test, got ${split}`);
  const algo = (get('algo') ?? 'slic') as SuperpixelAlgorithm;
  if (!SUPERPIXEL_ALGORITHMS.includes(algo)) throw new Error(`--algo must be one of ${SUPERPIXEL_ALGORITHMS.join(', ')}, got ${algo}`);
  const counts = (get('counts') ?? '100,50,20,10').split(',').map((s) => Number(s.trim()));
  if (counts.length === 0 || counts.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new Error('--counts must be a comma-separated list of positive integers');
  }
  const out = get('out');
  if (!out) throw new Error('--out DIR is required');
  const on = get('on') ?? 'image';
  if (!(on in SOURCES)) {
    throw new Error(`--on ${on} is not available (sources: ${Object.keys(SOURCES).join(', ')}; or --source-dir DIR)`);
  }
  const sourceDirText = get('source-dir');
  if (sourceDirText !== undefined && argv.includes('--on')) throw new Error('give either --on or --source-dir, not both');
  const sourceDir = sourceDirText === undefined ? null : resolve(sourceDirText);
  if (sourceDir !== null && !(existsSync(sourceDir) && statSync(sourceDir).isDirectory())) {
    throw new Error(`--source-dir ${sourceDirText} is not a folder`);
  }
  const limitText = get('limit');
  const limit = limitText === undefined ? Infinity : Number(limitText);
  if (!(limit >= 1)) throw new Error(`--limit must be a positive integer, got ${limitText}`);
  const params = parseSuperpixelParams(get('params'), '--params');
  return { split, algo, counts, out: resolve(out), on, sourceDir, limit, params };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const bsdsDir = bsds500Dir();
  if (!bsdsDir) throw new Error('BSDS500 not found: set BSDS500_DIR or place it at ../shared/bsds500');
  const ids = readdirSync(join(bsdsDir, 'images', args.split))
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => f.slice(0, -4))
    .sort()
    .slice(0, args.limit);
  mkdirSync(args.out, { recursive: true });
  const source = args.sourceDir === null ? SOURCES[args.on] : folderSource(args.sourceDir, SOURCES.image);
  const bar = new ProgressBar(ids.length, `${args.algo} ${args.split} `);
  const sums = new Map<number, number>();
  let misses = 0;
  for (const id of ids) {
    const image = source({ bsdsDir, split: args.split, id });
    const results = superpixelsForCounts(image, args.algo, args.counts, args.params);
    results.forEach((r, k) => {
      const count = args.counts[k];
      writePng(join(args.out, `${id}_${count}.png`), encodeLabelPng(r.map));
      sums.set(count, (sums.get(count) ?? 0) + r.count);
      if (!withinTolerance(r.count, count)) misses++;
    });
    bar.tick(1, id);
  }
  for (const c of args.counts) {
    console.log(`target ${c}: mean ${((sums.get(c) ?? 0) / ids.length).toFixed(1)} superpixels`);
  }
  console.log(`${ids.length} images x ${args.counts.length} counts -> ${args.out} (${misses} maps outside 10% of their target)`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    main();
  } catch (e) {
    console.error(`bsds:superpixels: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
