/**
 * Writes the inputs of scripts/qualitative-figure.mjs that `npm run segment` does not write: for
 * each BSDS500 test image NAME, NAME.jpg, NAME.reconstruction.png (the committed SuperAE, tfjs cpu)
 * and NAME.superpixels.png (superpixels on the reconstruction, as segment computes them), into DIR.
 * The partitions (NAME.it64.labels.png, ...) come from `npm run segment -- IMG --snapshots 64,128`.
 *
 *   npm run figure:inputs -- DIR --ids 100007,157032 [--superpixels ms] [--count 20]
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { computeSuperpixels, type SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';
import { loadSuperAEModel, reconstruct } from './dscCommon';
import { readImage } from './io/readImage';
import { encodeLabelPng, encodeRgbaPng, writePng } from './io/writePng';
import { bsds500Dir } from '../testing/bsds500';

const [dir, ...rest] = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : fallback;
};
const ids = arg('--ids', '').split(',').filter(Boolean);
if (!dir || ids.length === 0) throw new Error('usage: npm run figure:inputs -- DIR --ids A,B [--superpixels ms] [--count 20]');
const algorithm = arg('--superpixels', 'ms') as SuperpixelAlgorithm;
const count = Number(arg('--count', '20'));
const bsds = bsds500Dir();
if (!bsds) throw new Error('BSDS500 not found: set BSDS500_DIR');
await tf.setBackend('cpu');
const model = await loadSuperAEModel({ model: 'models/superae', randomEncoder: false });
mkdirSync(dir, { recursive: true });
for (const id of ids) {
  const src = join(bsds, 'images', 'test', `${id}.jpg`);
  const image = readImage(src);
  const recon = await reconstruct(model, image);
  const sp = computeSuperpixels(recon, { algorithm, targetCount: count });
  copyFileSync(src, join(dir, `${id}.jpg`));
  writePng(join(dir, `${id}.reconstruction.png`), encodeRgbaPng(recon));
  writePng(join(dir, `${id}.superpixels.png`), encodeLabelPng(sp));
  process.stderr.write(`${id}: ${new Set(sp.labels).size} superpixels\n`);
}
model.dispose();
