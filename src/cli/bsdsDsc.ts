/**
 * DSC segmentations of a BSDS500 split, for the region benchmark.
 *
 *   npm run bsds:dsc -- --split val|test --out DIR [--settings 100,50,20,10] [--limit N]
 *     [--ids a,b | --ids-from FILE] [--shard I/N] [--snapshots 4,16] [--stop-labels 8,4]
 *     [--resume] [--with-superpixels] [--superpixels-from DIR] [--concurrent N]
 *     [DSC and common options, see --help]
 *
 * For every image ID of images/<split> (sorted) and every setting (a superpixel count), computes
 * superpixels, runs DSC and writes DIR/ID_<setting>.png, 16-bit grayscale holding label + 1 at
 * the image's size; `npm run bsds -- --pred DIR --gt ... --format png` scores the folder.
 * `--snapshots` also writes the labels after those iterations to DIR/it<N>/, `--stop-labels`
 * those of the first iteration with at most L regions to DIR/le<L>/ (see IterationSnapshots);
 * `--with-superpixels` the superpixels DSC started from to DIR/superpixels/, to score them beside.
 * `--superpixels-from SP` reads them instead of computing them: SP/ID_<setting>.png, label PNGs
 * at the image's size (as `bsds:superpixels` writes them), so that DSC starts from exactly the
 * maps a superpixel row was scored on (voted back onto them as with `--superpixels-at full`).
 * `--shard I/N` takes the IDs whose index (after sorting and --limit) is I modulo N, so N
 * processes can share a split. DIR/params.json records the parameters (the same for every
 * shard). The files of one (ID, setting) appear together, only when complete; `--resume` skips
 * an (ID, setting) whose files are all there. `--concurrent N` keeps N images in flight in this
 * process, each with its own DSC (issue 8's batch mode: while one image waits for its readback,
 * another's iteration is encoded and runs on the GPU); the maps are those of N = 1, and the run
 * ends with its throughput in runs and images per second.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDsc, type Dsc } from '../core/dsc/createDsc';
import { resolveDscOptions } from '../core/dsc/DscOptions';
import type { LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
import { bsds500Dir } from '../testing/bsds500';
import {
  abortOnSignals,
  commonArgs,
  DSC_FLAGS_HELP,
  encoderWeightsFromModel,
  IterationSnapshots,
  jsonOptions,
  loadSuperAEModel,
  parseCountList,
  parseFlags,
  preparedFromFull,
  prepareImage,
  toWorkingSize,
  writeFilesAtomically,
} from './dscCommon';
import { readLabelPng } from './bsds/readers';
import { readImage } from './io/readImage';
import { encodeLabelPng } from './io/writePng';
import { ProgressBar } from './progress';
import { setupTfNode } from './tfNode';

const USAGE = `usage: npm run bsds:dsc -- --split val|test --out DIR [--settings 100,50,20,10] [--limit N] [--resume]
  [--ids ID,ID,... | --ids-from FILE (IDs separated by whitespace or commas)] [--shard I/N (0-based I)]
  [--snapshots N,N,... (also DIR/it<N>/: labels after N iterations)]
  [--stop-labels L,L,... (also DIR/le<L>/: first iteration with <= L regions)]
  [--with-superpixels (also DIR/superpixels/: the superpixels DSC started from)]
  [--superpixels-from SP (read SP/ID_<setting>.png, label PNGs at the image's size, instead of
   computing superpixels; --superpixels, --on and --superpixels-at are then not used)]
  [--concurrent N (default 1: N images in flight, each with its own DSC; on WebGPU one image's
   GPU work overlaps another's CPU side and readback; prints runs and images per second)]
  [--bsds DIR (default: $BSDS500_DIR or ../shared/bsds500)]
${DSC_FLAGS_HELP}`;

export async function bsdsDscMain(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values, switches, positionals } = parseFlags(
    argv,
    [
      '--split',
      '--out',
      '--settings',
      '--limit',
      '--bsds',
      '--ids',
      '--ids-from',
      '--shard',
      '--snapshots',
      '--stop-labels',
      '--superpixels-from',
      '--concurrent',
    ],
    ['--resume', '--with-superpixels'],
  );
  if (positionals.length) throw new Error(`unexpected argument ${positionals[0]}\n${USAGE}`);
  const split = values.get('--split') ?? 'val';
  if (!['train', 'val', 'test'].includes(split)) throw new Error(`--split must be train, val or test, got ${split}`);
  const out = values.get('--out');
  if (!out) throw new Error(`--out DIR is required\n${USAGE}`);
  const settings = (values.get('--settings') ?? '100,50,20,10').split(',').map((s) => Number(s.trim()));
  if (settings.some((c) => !Number.isInteger(c) || c < 2)) {
    throw new Error('--settings must be a comma-separated list of integers >= 2 (superpixel counts)');
  }
  const limit = Number(values.get('--limit') ?? Infinity);
  if (!(limit >= 1)) throw new Error(`--limit must be a positive integer, got ${values.get('--limit')}`);
  const bsds = values.get('--bsds') ?? bsds500Dir();
  if (!bsds || !existsSync(join(bsds, 'images', split))) {
    throw new Error(`BSDS500 images/${split} not found: pass --bsds DIR or set BSDS500_DIR`);
  }
  const shard = parseShard(values.get('--shard'));
  const concurrent = Number(values.get('--concurrent') ?? 1);
  if (!Number.isInteger(concurrent) || concurrent < 1 || concurrent > 16) {
    throw new Error(`--concurrent must be an integer from 1 to 16, got ${values.get('--concurrent')}`);
  }
  const snapshots = new IterationSnapshots(
    parseCountList('--snapshots', values.get('--snapshots')),
    parseCountList('--stop-labels', values.get('--stop-labels')),
  );
  const args = commonArgs(values, switches);
  const options = resolveDscOptions(args.dsc);
  const available = readdirSync(join(bsds, 'images', split))
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => f.slice(0, -4));
  const wanted = requestedIds(values.get('--ids'), values.get('--ids-from'));
  if (wanted) {
    const missing = wanted.filter((id) => !available.includes(id));
    if (missing.length) throw new Error(`images/${split} has no ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`);
  }
  const ids = (wanted ?? available)
    .sort()
    .slice(0, limit)
    .filter((_, i) => i % shard.count === shard.index);
  const variants = snapshots.names;
  const withSuperpixels = switches.has('--with-superpixels');
  const superpixelsFrom = values.get('--superpixels-from');
  if (superpixelsFrom !== undefined && !existsSync(superpixelsFrom)) {
    throw new Error(`--superpixels-from ${superpixelsFrom}: no such folder`);
  }

  const backend = await setupTfNode(args.backend);
  const model = await loadSuperAEModel(args);
  const weights = encoderWeightsFromModel(model);
  // One DSC per image in flight: each run re-initialises its own variables.
  const runners: Dsc[] = [];
  try {
    for (let i = 0; i < Math.min(concurrent, ids.length); i++) runners.push(await createDsc(weights, options));
  } catch (e) {
    for (const r of runners) r.dispose();
    throw e;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
  const { signal: outer, release } = abortOnSignals();
  // The first worker to fail stops the others, so no image is left half-done in silence.
  const failed = new AbortController();
  const signal = AbortSignal.any([outer, failed.signal]);
  try {
    mkdirSync(out, { recursive: true });
    for (const v of variants) mkdirSync(join(out, v), { recursive: true });
    if (withSuperpixels) mkdirSync(join(out, 'superpixels'), { recursive: true });
    writeFilesAtomically([
      {
        path: join(out, 'params.json'),
        bytes: `${JSON.stringify(
          {
            split,
            settings,
            ...(wanted && { ids: [...wanted].sort().slice(0, limit) }),
            ...(variants.length > 0 && { snapshots: snapshots.iterations, stopLabels: snapshots.stopLabels }),
            backend,
            encoder: args.randomEncoder ? 'random (buildSuperAE seed 0)' : resolve(args.model),
            ...(superpixelsFrom !== undefined
              ? { superpixelsFrom: resolve(superpixelsFrom), superpixelsAt: 'full' }
              : {
                  superpixels: args.superpixels,
                  superpixelParams: args.superpixelParams,
                  on: args.on,
                  superpixelsAt: args.superpixelsAt,
                }),
            size: args.size,
            options: jsonOptions(options),
          },
          null,
          2,
        )}\n`,
      },
    ]);
    const shardLabel = shard.count > 1 ? ` ${shard.index}/${shard.count}` : '';
    const bar = new ProgressBar(ids.length * settings.length, `bsds:dsc ${split}${shardLabel} `);
    let runs = 0;
    const t0 = performance.now();
    const segmentImage = async (id: string, dsc: Dsc): Promise<void> => {
      const original = readImage(join(bsds, 'images', split, `${id}.jpg`));
      const image = await toWorkingSize(original, args.size);
      for (const setting of settings) {
        const name = `${id}_${setting}.png`;
        const spPath = join(out, 'superpixels', name);
        const paths = [join(out, name), ...variants.map((v) => join(out, v, name)), ...(withSuperpixels ? [spPath] : [])];
        if (switches.has('--resume') && paths.every((p) => existsSync(p))) {
          bar.tick(1, `${id} (kept)`);
          continue;
        }
        const { superpixels, toOriginal, originalSuperpixels } =
          superpixelsFrom !== undefined
            ? preparedFromFull(image, superpixelsFile(join(superpixelsFrom, name), original))
            : await prepareImage(original, image, model, args, setting, signal);
        const run = new IterationSnapshots(snapshots.iterations, snapshots.stopLabels);
        let labels: Int32Array | undefined;
        let regions = 0;
        for await (const it of dsc.run(image, superpixels, { signal })) {
          labels = it.labels;
          regions = it.regionCount;
          run.observe(it);
        }
        const picked = run.result();
        if (!labels || !picked) throw new Error(`${id}: DSC produced no iteration`);
        const encode = (l: Int32Array) => encodeLabelPng(toOriginal(l));
        writeFilesAtomically([
          { path: paths[0], bytes: encode(labels) },
          ...variants.map((v, i) => ({ path: paths[i + 1], bytes: encode(picked.get(v)!) })),
          ...(withSuperpixels ? [{ path: spPath, bytes: encodeLabelPng(originalSuperpixels) }] : []),
        ]);
        runs++;
        bar.tick(1, `${id}_${setting}: ${regions} regions`);
      }
    };
    const queue = [...ids];
    // allSettled, not all: every worker has stopped before the finally below disposes the runners.
    await Promise.allSettled(
      runners.map(async (dsc) => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          try {
            await segmentImage(id, dsc);
          } catch (e) {
            failed.abort(e);
            throw e;
          }
        }
      }),
    );
    // Every failure aborts `failed`; its reason is the first, not the aborts it caused elsewhere.
    if (failed.signal.aborted) throw failed.signal.reason;
    const seconds = (performance.now() - t0) / 1000;
    if (runs > 0) {
      process.stdout.write(
        `bsds:dsc: ${runs} runs in ${seconds.toFixed(1)} s with ${runners.length} in flight: ` +
          `${(runs / seconds).toFixed(3)} runs/s, ${(runs / settings.length / seconds).toFixed(3)} images/s (${settings.length} setting${settings.length === 1 ? '' : 's'} each)\n`,
      );
    }
  } finally {
    release();
    for (const r of runners) r.dispose();
    model.dispose();
  }
}

/** A superpixel map of `--superpixels-from`, which must have the image's size. */
function superpixelsFile(path: string, original: RgbaImage): LabelMap {
  if (!existsSync(path)) throw new Error(`--superpixels-from: ${path} is missing`);
  const map = readLabelPng(path);
  if (map.width !== original.width || map.height !== original.height) {
    throw new Error(`${path} is ${map.width}x${map.height}, the image ${original.width}x${original.height}`);
  }
  return map;
}

/** `--shard I/N`: this process takes the IDs whose index is I modulo N. */
function parseShard(value: string | undefined): { index: number; count: number } {
  if (value === undefined) return { index: 0, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index < count)) throw new Error(`--shard must be I/N with 0 <= I < N, got ${value}`);
  return { index, count };
}

/** The IDs of `--ids` or `--ids-from` (not both), or null for the whole split. */
function requestedIds(list: string | undefined, file: string | undefined): string[] | null {
  if (list !== undefined && file !== undefined) throw new Error('give --ids or --ids-from, not both');
  const text = list ?? (file !== undefined ? readFileSync(file, 'utf8') : undefined);
  if (text === undefined) return null;
  const ids = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  if (ids.length === 0) throw new Error(`${list !== undefined ? '--ids' : `--ids-from ${file}`} lists no image`);
  return ids;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  bsdsDscMain(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bsds:dsc: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
