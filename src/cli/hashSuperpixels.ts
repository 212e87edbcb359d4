/**
 * SHA-1 of the superpixel label maps of the first N BSDS500 `test` images, one line per
 * algorithm, to check that a speed change leaves the output bit for bit the same.
 *
 *   npm run -s hash:superpixels -- [--limit N] [--algos slic,egb,ms]
 *
 * Settings as bench:superpixels: SLIC nSegments 100, compactness 10; Felzenszwalb scale 100,
 * sigma 0.8, minSize 20; mean shift hs 7, hr 6.5, minArea 20. Each hash covers, per image in
 * file-name order, the width and height (uint32 little-endian) and the Int32 labels.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { computeSuperpixels, SUPERPIXEL_ALGORITHMS, type SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';
import { bsds500Dir } from '../testing/bsds500';
import { readImage } from './io/readImage';

const PARAMS: Record<SuperpixelAlgorithm, Record<string, number>> = {
  slic: { nSegments: 100, compactness: 10 },
  egb: { scale: 100, sigma: 0.8, minSize: 20 },
  ms: { hs: 7, hr: 6.5, minArea: 20 },
};

function parseArgs(argv: string[]): { limit: number; algos: SuperpixelAlgorithm[] } {
  let limit = 10;
  let algos: SuperpixelAlgorithm[] = [...SUPERPIXEL_ALGORITHMS];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') {
      limit = Number(argv[++i]);
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer, got ${argv[i]}`);
    } else if (argv[i] === '--algos') {
      const names = (argv[++i] ?? '').split(',');
      for (const a of names) {
        if (!SUPERPIXEL_ALGORITHMS.includes(a as SuperpixelAlgorithm)) throw new Error(`--algos: unknown algorithm '${a}' (slic, egb, ms)`);
      }
      algos = names as SuperpixelAlgorithm[];
    } else {
      throw new Error(`unknown option ${argv[i]} (use --limit N, --algos slic,egb,ms)`);
    }
  }
  return { limit, algos };
}

function main(): void {
  const { limit, algos } = parseArgs(process.argv.slice(2));
  const dir = bsds500Dir();
  if (!dir) throw new Error('BSDS500 not found: set BSDS500_DIR or place it at ../shared/bsds500');
  const testDir = join(dir, 'images', 'test');
  const files = readdirSync(testDir).filter((f) => f.endsWith('.jpg')).sort().slice(0, limit);
  const images = files.map((f) => readImage(join(testDir, f)));
  for (const algorithm of algos) {
    const hash = createHash('sha1');
    for (const image of images) {
      const map = computeSuperpixels(image, { algorithm, params: PARAMS[algorithm] });
      hash.update(new Uint8Array(Uint32Array.from([map.width, map.height]).buffer));
      hash.update(new Uint8Array(map.labels.buffer, map.labels.byteOffset, map.labels.byteLength));
    }
    console.log(`${algorithm.padEnd(5)} ${hash.digest('hex')}  (${images.length} images, ${JSON.stringify(PARAMS[algorithm])})`);
  }
}

try {
  main();
} catch (e) {
  console.error(`hash:superpixels: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
