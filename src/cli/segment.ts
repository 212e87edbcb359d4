/**
 * Segments one image with Deep Superpixel Cut.
 *
 *   npm run segment -- IMAGE --out DIR [--superpixels slic|egb|ms] [--count N] [--iters N]
 *     [--size LONG_SIDE] [--backend wasm|cpu|webgpu] [--seed S] [--model DIR | --random-encoder] ...
 *
 * Writes DIR/NAME.labels.png (16-bit, label + 1, at the input's size), DIR/NAME.overlay.png
 * (regions tinted, boundaries dark) and DIR/NAME.json (parameters and per-iteration ce, cut,
 * total, label count, ms). `--snapshots 64,128` also writes DIR/NAME.it<N>.labels.png, the labels
 * after N iterations (the final ones when the run ends sooner). Files appear only when complete: a
 * cancel (Ctrl-C) or an error leaves DIR as it was.
 */
import { mkdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { createDsc, type DscIteration } from '../core/dsc/createDsc';
import { resolveDscOptions } from '../core/dsc/DscOptions';
import type { LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
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
  prepareImage,
  toWorkingSize,
  writeFilesAtomically,
} from './dscCommon';
import { readImage } from './io/readImage';
import { encodeLabelPng, encodeRgbaPng } from './io/writePng';
import { ProgressBar } from './progress';
import { setupTfNode } from './tfNode';

const USAGE = `usage: npm run segment -- IMAGE --out DIR [--count N (superpixels, default 100)]
  [--snapshots N,N,... (also NAME.it<N>.labels.png: labels after N iterations)] [options]
${DSC_FLAGS_HELP}`;

/** The image with each region tinted by a fixed colour and its boundaries darkened. */
export function overlay(image: RgbaImage, map: LabelMap): RgbaImage {
  const { width, height, labels } = map;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const l = labels[i];
    // Golden-angle hues keep neighbouring label numbers apart.
    const hue = (l * 137.508) % 360;
    const tint = [0, 120, 240].map((o) => 127.5 + 127.5 * Math.cos(((hue - o) * Math.PI) / 180));
    const x = i % width;
    const edge =
      (x + 1 < width && labels[i + 1] !== l) || (i + width < labels.length && labels[i + width] !== l);
    for (let c = 0; c < 3; c++) {
      data[i * 4 + c] = edge ? 20 : Math.round(0.55 * image.data[i * 4 + c] + 0.45 * tint[c]);
    }
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

export async function segmentMain(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values, switches, positionals } = parseFlags(argv, ['--out', '--count', '--snapshots'], []);
  if (positionals.length !== 1) throw new Error(`expected one IMAGE, got ${positionals.length}\n${USAGE}`);
  const out = values.get('--out');
  if (!out) throw new Error(`--out DIR is required\n${USAGE}`);
  const count = Number(values.get('--count') ?? 100);
  if (!Number.isInteger(count) || count < 2) throw new Error(`--count must be an integer >= 2, got ${values.get('--count')}`);
  const snapshots = new IterationSnapshots(parseCountList('--snapshots', values.get('--snapshots')), []);
  const args = commonArgs(values, switches);
  const options = resolveDscOptions(args.dsc);

  const input = positionals[0];
  const original = readImage(input);
  const backend = await setupTfNode(args.backend);
  const image = await toWorkingSize(original, args.size);
  const model = await loadSuperAEModel(args);
  const { signal, release } = abortOnSignals();
  try {
    const prepared = await prepareImage(original, image, model, args, count, signal);
    const { superpixels } = prepared;
    const weights = encoderWeightsFromModel(model);
    const dsc = await createDsc(weights, options);
    for (const t of weights.values()) t.dispose();
    const bar = new ProgressBar(options.iterations, 'dsc ');
    const iterations: Omit<DscIteration, 'labels'>[] = [];
    let last: DscIteration | undefined;
    const t0 = performance.now();
    try {
      for await (const it of dsc.run(image, superpixels, { signal })) {
        last = it;
        snapshots.observe(it);
        iterations.push({ iteration: it.iteration, ce: it.ce, cut: it.cut, total: it.total, regionCount: it.regionCount, ms: it.ms });
        bar.tick(1, `${it.regionCount} regions, loss ${it.total.toFixed(4)}`);
      }
    } finally {
      dsc.dispose();
    }
    const picked = snapshots.result();
    if (!last || !picked) throw new Error('DSC produced no iteration');
    const toOriginal = prepared.toOriginal;
    const labels = toOriginal(last.labels);
    const name = basename(input, extname(input));
    mkdirSync(out, { recursive: true });
    const report = {
      image: resolve(input),
      size: { width: original.width, height: original.height },
      workingSize: { width: image.width, height: image.height },
      backend,
      encoder: args.randomEncoder ? 'random (buildSuperAE seed 0)' : resolve(args.model),
      superpixels: { algorithm: args.superpixels, params: args.superpixelParams, on: args.on, at: args.superpixelsAt, targetCount: count, count: prepared.superpixelCount },
      options: jsonOptions(options),
      regionCount: last.regionCount,
      totalMs: performance.now() - t0,
      iterations: iterations.map(({ regionCount, ...rest }) => ({ ...rest, labels: regionCount })),
    };
    writeFilesAtomically([
      { path: join(out, `${name}.labels.png`), bytes: encodeLabelPng(labels) },
      { path: join(out, `${name}.overlay.png`), bytes: encodeRgbaPng(overlay(original, labels)) },
      { path: join(out, `${name}.json`), bytes: `${JSON.stringify(report, null, 2)}\n` },
      ...[...picked].map(([v, l]) => ({ path: join(out, `${name}.${v}.labels.png`), bytes: encodeLabelPng(toOriginal(l)) })),
    ]);
    process.stderr.write(`${last.regionCount} regions -> ${join(out, name)}.{labels.png,overlay.png,json}\n`);
  } finally {
    release();
    model.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  segmentMain(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`segment: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
