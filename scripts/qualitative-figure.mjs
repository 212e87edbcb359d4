#!/usr/bin/env -S npx tsx
// A qualitative figure like the paper's Fig. 3 / Fig. 5: one row per image, columns = the image,
// its SuperAE reconstruction, the superpixels (boundaries on the image) and the DSC partition
// after each requested iteration count (each region painted in its mean image colour, or its
// boundaries drawn on the image). Run with tsx (it imports the project's TypeScript):
//
//   npm run figure:qualitative -- DIR --out FIG.png [--names A,B,C,D] [--rows 4] \
//     [--iters 64,128] [--partition mean|boundaries] [--gap 6]
//
// DIR holds, per image NAME (label PNGs are 16-bit grey, label + 1, as encodeLabelPng writes):
//   NAME.jpg | NAME.png | NAME.image.png    the image
//   NAME.reconstruction.png                  the SuperAE reconstruction (8-bit RGB)
//   NAME.superpixels.png                     the superpixel labels
//   NAME.it<K>.labels.png                    the DSC partition after K iterations, for each K of
//                                            --iters (`npm run segment -- IMG --snapshots 64,128`)
// Without --names, the first --rows NAMEs (sorted) that have every partition file are used.
// Label maps of another size than the image are resized to it (nearest neighbour).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { alphaOver } from '../src/core/image/alphaOver.ts';
import { composeGrid } from '../src/core/image/composeGrid.ts';
import { renderOverlay } from '../src/core/overlay/renderOverlay.ts';
import { readLabelPng } from '../src/cli/bsds/readers.ts';
import { resizeLabels } from '../src/cli/dscCommon.ts';
import { readImage } from '../src/cli/io/readImage.ts';
import { encodeRgbaPng, writePng } from '../src/cli/io/writePng.ts';

const USAGE =
  'usage: npm run figure:qualitative -- DIR --out FIG.png [--names A,B,...] [--rows 4] [--iters 64,128] ' +
  '[--partition mean|boundaries] [--gap 6]';

function parseArgs(argv) {
  const values = new Map();
  const positionals = [];
  const known = ['--out', '--names', '--rows', '--iters', '--partition', '--gap'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positionals.push(a);
    else if (!known.includes(a)) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))
      throw new Error(`${a} needs a value`);
    else values.set(a, argv[++i]);
  }
  if (positionals.length !== 1)
    throw new Error(`expected one DIR, got ${positionals.length}\n${USAGE}`);
  const dir = positionals[0];
  if (!existsSync(dir)) throw new Error(`${dir}: no such folder`);
  const out = values.get('--out');
  if (!out) throw new Error(`--out FIG.png is required\n${USAGE}`);
  const rows = Number(values.get('--rows') ?? 4);
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error(`--rows must be a positive integer, got ${values.get('--rows')}`);
  const iters = (values.get('--iters') ?? '64,128').split(',').map((s) => Number(s.trim()));
  if (iters.some((k) => !Number.isInteger(k) || k < 0))
    throw new Error(`--iters must be non-negative integers, got ${values.get('--iters')}`);
  const partition = values.get('--partition') ?? 'mean';
  if (!['mean', 'boundaries'].includes(partition))
    throw new Error(`--partition must be mean or boundaries, got ${partition}`);
  const gap = Number(values.get('--gap') ?? 6);
  const names =
    values
      .get('--names')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? null;
  return { dir, out, rows, iters, partition, gap, names };
}

const partitionFile = (name, k) => `${name}.it${k}.labels.png`;

function findNames(dir, iters, rows) {
  const files = new Set(readdirSync(dir));
  const suffix = `.it${iters[0]}.labels.png`;
  const names = [...files]
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .filter((n) => iters.every((k) => files.has(partitionFile(n, k))))
    .sort();
  if (names.length === 0)
    throw new Error(
      `${dir}: no NAME with all of ${iters.map((k) => partitionFile('NAME', k)).join(', ')}`,
    );
  return names.slice(0, rows);
}

function need(dir, name, candidates, what) {
  const hit = candidates.map((c) => join(dir, c)).find((p) => existsSync(p));
  if (!hit) throw new Error(`${name}: no ${what} in ${dir} (looked for ${candidates.join(', ')})`);
  return hit;
}

function labelsFor(path, image) {
  return resizeLabels(readLabelPng(path), image.width, image.height);
}

function rowFor(dir, name, iters, partition) {
  const image = readImage(
    need(dir, name, [`${name}.jpg`, `${name}.png`, `${name}.image.png`], 'image'),
  );
  const recon = readImage(need(dir, name, [`${name}.reconstruction.png`], 'reconstruction'));
  if (recon.width !== image.width || recon.height !== image.height) {
    throw new Error(
      `${name}: reconstruction ${recon.width}x${recon.height}, image ${image.width}x${image.height}`,
    );
  }
  const boundaries = (map) =>
    alphaOver(image, renderOverlay(map, image, { mode: 'boundaries', opacity: 1 }));
  const superpixels = boundaries(
    labelsFor(need(dir, name, [`${name}.superpixels.png`], 'superpixel labels'), image),
  );
  const partitions = iters.map((k) => {
    const map = labelsFor(
      need(dir, name, [partitionFile(name, k)], `partition at ${k} iterations`),
      image,
    );
    return partition === 'mean'
      ? alphaOver(image, renderOverlay(map, image, { mode: 'mean', opacity: 1 }))
      : boundaries(map);
  });
  return [image, recon, superpixels, ...partitions];
}

try {
  const a = parseArgs(process.argv.slice(2));
  const names = a.names ?? findNames(a.dir, a.iters, a.rows);
  const grid = composeGrid(
    names.map((n) => rowFor(a.dir, n, a.iters, a.partition)),
    { gap: a.gap },
  );
  writePng(a.out, encodeRgbaPng(grid));
  console.log(
    `${names.length} rows (${names.join(', ')}) x columns image, reconstruction, superpixels, ` +
      `${a.iters.map((k) => `partition at ${k}`).join(', ')} -> ${a.out} (${grid.width}x${grid.height})`,
  );
} catch (e) {
  console.error(`qualitative-figure: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
