/**
 * DSC segmentations of a BSDS500 split, for the region benchmark.
 *
 *   npm run bsds:dsc -- --split val|test --out DIR [--settings 100,50,20,10] [--limit N]
 *     [--resume] [DSC and common options, see --help]
 *
 * For every image ID of images/<split> (sorted) and every setting (a superpixel count), computes
 * superpixels, runs DSC and writes DIR/ID_<setting>.png, 16-bit grayscale holding label + 1 at
 * the image's size; `npm run bsds -- --pred DIR --gt ... --format png` scores the folder.
 * DIR/params.json records the parameters. Each file appears only when complete; `--resume`
 * skips files already there.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDsc } from '../core/dsc/createDsc';
import { resolveDscOptions } from '../core/dsc/DscOptions';
import { bsds500Dir } from '../testing/bsds500';
import {
  abortOnSignals,
  commonArgs,
  DSC_FLAGS_HELP,
  encoderWeightsFromModel,
  jsonOptions,
  loadSuperAEModel,
  parseFlags,
  resizeLabels,
  superpixelsFor,
  toWorkingSize,
  writeFilesAtomically,
} from './dscCommon';
import { readImage } from './io/readImage';
import { encodeLabelPng } from './io/writePng';
import { ProgressBar } from './progress';
import { setupTfNode } from './tfNode';

const USAGE = `usage: npm run bsds:dsc -- --split val|test --out DIR [--settings 100,50,20,10] [--limit N] [--resume]
  [--bsds DIR (default: $BSDS500_DIR or ../shared/bsds500)]
${DSC_FLAGS_HELP}`;

export async function bsdsDscMain(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values, switches, positionals } = parseFlags(
    argv,
    ['--split', '--out', '--settings', '--limit', '--bsds'],
    ['--resume'],
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
  const args = commonArgs(values, switches);
  const options = resolveDscOptions(args.dsc);
  const ids = readdirSync(join(bsds, 'images', split))
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => f.slice(0, -4))
    .sort()
    .slice(0, limit);

  const backend = await setupTfNode(args.backend);
  const model = await loadSuperAEModel(args);
  const weights = encoderWeightsFromModel(model);
  const dsc = await createDsc(weights, options);
  for (const t of weights.values()) t.dispose();
  const { signal, release } = abortOnSignals();
  try {
    mkdirSync(out, { recursive: true });
    writeFilesAtomically([
      {
        path: join(out, 'params.json'),
        bytes: `${JSON.stringify(
          {
            split,
            settings,
            backend,
            encoder: args.randomEncoder ? 'random (buildSuperAE seed 0)' : resolve(args.model),
            superpixels: args.superpixels,
            on: args.on,
            size: args.size,
            options: jsonOptions(options),
          },
          null,
          2,
        )}\n`,
      },
    ]);
    const bar = new ProgressBar(ids.length * settings.length, `bsds:dsc ${split} `);
    for (const id of ids) {
      const original = readImage(join(bsds, 'images', split, `${id}.jpg`));
      const image = await toWorkingSize(original, args.size);
      for (const setting of settings) {
        const path = join(out, `${id}_${setting}.png`);
        if (switches.has('--resume') && existsSync(path)) {
          bar.tick(1, `${id} (kept)`);
          continue;
        }
        const superpixels = await superpixelsFor(image, model, args, setting, signal);
        let labels: Int32Array | undefined;
        let regions = 0;
        for await (const it of dsc.run(image, superpixels, { signal })) {
          labels = it.labels;
          regions = it.regionCount;
        }
        if (!labels) throw new Error(`${id}: DSC produced no iteration`);
        const map = resizeLabels({ width: image.width, height: image.height, labels }, original.width, original.height);
        writeFilesAtomically([{ path, bytes: encodeLabelPng(map) }]);
        bar.tick(1, `${id}_${setting}: ${regions} regions`);
      }
    }
  } finally {
    release();
    dsc.dispose();
    model.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  bsdsDscMain(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bsds:dsc: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
