/**
 * Times the superpixel algorithms in Node, one thread, on BSDS500 test images, and in the same
 * run the reference implementations where installed (OpenCV 4.6 ximgproc SLIC and
 * GraphSegmentation and pyrMeanShiftFiltering from Debian's python3-opencv; scikit-image's
 * slic and felzenszwalb).
 *
 *   npm run bench:superpixels -- [--limit N] [--json FILE]
 *
 * BSDS500 from $BSDS500_DIR or ../shared/bsds500; Python from $PYTHON or /usr/bin/python3.
 * Settings: SLIC ~100 segments, compactness 10, 10 iterations; Felzenszwalb k = 100, sigma 0.8,
 * min size 20; mean shift hs 7, hr 6.5 (min area 20; OpenCV filters only). Each algorithm
 * runs once on the first image untimed (JIT / cache warm-up), then once per image, then its
 * references on the same images; `--rounds N` (default 2) repeats that and keeps each side's
 * fastest round, which damps the effect of other load on a shared machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RgbaImage } from '../core/image/RgbaImage';
import { computeSuperpixels, type SuperpixelAlgorithm } from '../core/superpixels/computeSuperpixels';
import { labelCount } from '../core/superpixels/targetCount';
import { bsds500Dir } from '../testing/bsds500';
import { readImage } from './io/readImage';
import { ProgressBar } from './progress';

const OURS: Array<{ key: 'slic' | 'felzenszwalb' | 'meanshift'; algorithm: SuperpixelAlgorithm; params: Record<string, number> }> = [
  { key: 'slic', algorithm: 'slic', params: { nSegments: 100, compactness: 10, maxNumIter: 10 } },
  { key: 'felzenszwalb', algorithm: 'egb', params: { scale: 100, sigma: 0.8, minSize: 20 } },
  { key: 'meanshift', algorithm: 'ms', params: { hs: 7, hr: 6.5, minArea: 20 } },
];

/** Times the references on the same files; prints one JSON object. */
const PYTHON_REFERENCE = String.raw`
import json, sys, time
out = {}
wanted = set(sys.argv[1].split(','))
paths = sys.argv[2:]
try:
    import cv2
    cv2.setNumThreads(1)
    imgs = [cv2.imread(p) for p in paths]
except Exception as e:
    cv2 = None
    out['opencv_error'] = repr(e)
def timed(name, fn, count):
    if name not in wanted:
        return
    fn(imgs[0])
    t = time.perf_counter(); segs = 0
    for im in imgs:
        segs += count(fn(im))
    out[name] = {'ms_per_image': (time.perf_counter() - t) * 1000 / len(imgs), 'mean_segments': segs / len(imgs)}
if cv2 is not None:
    if hasattr(cv2, 'ximgproc'):
        def cv_slic(im):
            region = int(round((im.shape[0] * im.shape[1] / 100) ** 0.5))
            s = cv2.ximgproc.createSuperpixelSLIC(cv2.cvtColor(im, cv2.COLOR_BGR2Lab), algorithm=cv2.ximgproc.SLIC, region_size=region, ruler=10.0)
            s.iterate(10); s.enforceLabelConnectivity()
            return s.getNumberOfSuperpixels()
        timed('opencv_slic', cv_slic, lambda n: n)
        gs = cv2.ximgproc.segmentation.createGraphSegmentation(sigma=0.8, k=100, min_size=20)
        timed('opencv_felzenszwalb', lambda im: gs.processImage(im), lambda l: int(l.max()) + 1)
    else:
        out['opencv_error'] = 'cv2.ximgproc missing'
    timed('opencv_meanshift_filter', lambda im: cv2.pyrMeanShiftFiltering(im, 7, 6.5), lambda l: 0)
try:
    import numpy as np
    from skimage.io import imread
    from skimage.segmentation import slic, felzenszwalb
    imgs = [imread(p) for p in paths]
    count = lambda l: len(np.unique(l))
    timed('skimage_slic', lambda im: slic(im, n_segments=100, compactness=10, max_num_iter=10, start_label=0), count)
    timed('skimage_felzenszwalb', lambda im: felzenszwalb(im, scale=100, sigma=0.8, min_size=20), count)
except Exception as e:
    out['skimage_error'] = repr(e)
print(json.dumps(out))
`;

interface RefTiming {
  ms_per_image: number;
  mean_segments: number;
}

function runReferences(names: string[], paths: string[]): Record<string, RefTiming | string> {
  const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const r = spawnSync(python, ['-c', PYTHON_REFERENCE, names.join(','), ...paths], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    console.error(`reference timings unavailable (${python}): ${(r.stderr || String(r.error)).trim().split('\n').pop()}`);
    return {};
  }
  return JSON.parse(r.stdout) as Record<string, RefTiming | string>;
}

function parseArgs(argv: string[]): { limit: number; json: string | null; rounds: number } {
  let limit = Infinity;
  let json: string | null = null;
  let rounds = 2;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') {
      rounds = Number(argv[++i]);
      if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${argv[i]}`);
    } else if (argv[i] === '--limit') {
      limit = Number(argv[++i]);
      if (!(limit >= 1)) throw new Error(`--limit must be a positive integer, got ${argv[i]}`);
    } else if (argv[i] === '--json') {
      json = argv[++i];
      if (!json) throw new Error('--json needs a file name');
    } else {
      throw new Error(`unknown option ${argv[i]} (use --limit N, --json FILE, --rounds N)`);
    }
  }
  return { limit, json: json ? resolve(json) : null, rounds };
}

function main(): void {
  const { limit, json, rounds } = parseArgs(process.argv.slice(2));
  const dir = bsds500Dir();
  if (!dir) throw new Error('BSDS500 not found: set BSDS500_DIR or place it at ../shared/bsds500');
  const testDir = join(dir, 'images', 'test');
  const paths = readdirSync(testDir)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, limit)
    .map((f) => join(testDir, f));
  const images: RgbaImage[] = paths.map((p) => readImage(p));
  const refKey = { slic: 'opencv_slic', felzenszwalb: 'opencv_felzenszwalb', meanshift: 'opencv_meanshift_filter' } as const;
  const skKey = { slic: 'skimage_slic', felzenszwalb: 'skimage_felzenszwalb', meanshift: null } as const;
  // Other work on the machine slows whichever side runs at that moment, so each algorithm runs
  // right before its references, for several rounds, keeping each side's fastest round.
  const ours: Record<string, RefTiming> = {};
  const refs: Record<string, RefTiming | string> = {};
  const keepFaster = (into: Record<string, RefTiming | string>, key: string, t: RefTiming | string | undefined) => {
    if (t === undefined) return;
    const old = into[key];
    if (typeof t === 'string' || old === undefined || typeof old === 'string' || t.ms_per_image < old.ms_per_image) into[key] = t;
  };
  for (let round = 1; round <= rounds; round++) {
    for (const a of OURS) {
      computeSuperpixels(images[0], { algorithm: a.algorithm, params: a.params }); // warm-up
      const bar = new ProgressBar(images.length, `round ${round} ${a.key} `);
      let ms = 0;
      let segments = 0;
      for (const image of images) {
        const t = performance.now();
        const map = computeSuperpixels(image, { algorithm: a.algorithm, params: a.params });
        ms += performance.now() - t;
        segments += labelCount(map);
        bar.tick();
      }
      keepFaster(ours, a.key, { ms_per_image: ms / images.length, mean_segments: segments / images.length });
      const names: string[] = [refKey[a.key]];
      const sk = skKey[a.key];
      if (sk) names.push(sk);
      const r = runReferences(names, paths);
      for (const [k, v] of Object.entries(r)) keepFaster(refs, k, v);
    }
  }
  const algorithms: Record<string, unknown> = {};
  const round = (v: number) => Math.round(v * 100) / 100;
  console.log(`\n${images.length} images, ms per image, fastest of ${rounds} rounds (one thread, Node ${process.version})`);
  console.log('algorithm      ours   segs | opencv  segs  ratio | skimage segs  ratio');
  for (const a of OURS) {
    const o = ours[a.key];
    const ref = refs[refKey[a.key]] as RefTiming | undefined;
    const skName = skKey[a.key];
    const sk = skName ? (refs[skName] as RefTiming | undefined) : undefined;
    const ratio = ref ? o.ms_per_image / ref.ms_per_image : null;
    const skRatio = sk ? o.ms_per_image / sk.ms_per_image : null;
    algorithms[a.key] = {
      ms_per_image: round(o.ms_per_image),
      mean_segments: round(o.mean_segments),
      reference: ref ? 'opencv' : null,
      reference_ms_per_image: ref ? round(ref.ms_per_image) : null,
      reference_mean_segments: ref && ref.mean_segments > 0 ? round(ref.mean_segments) : null,
      ratio: ratio === null ? null : round(ratio),
      skimage_ms_per_image: sk ? round(sk.ms_per_image) : null,
      skimage_ratio: skRatio === null ? null : round(skRatio),
    };
    const f = (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));
    console.log(
      `${a.key.padEnd(12)} ${f(o.ms_per_image).padStart(6)} ${f(o.mean_segments, 0).padStart(6)} | ` +
        `${f(ref?.ms_per_image).padStart(6)} ${f(ref?.mean_segments || undefined, 0).padStart(5)} ${f(ratio ?? undefined, 2).padStart(6)} | ` +
        `${f(sk?.ms_per_image).padStart(7)} ${f(sk?.mean_segments, 0).padStart(4)} ${f(skRatio ?? undefined, 2).padStart(6)}`,
    );
  }
  for (const k of ['opencv_error', 'skimage_error']) if (typeof refs[k] === 'string') console.log(`${k}: ${refs[k] as string}`);
  if (json) {
    writeFileSync(json, JSON.stringify({ images: images.length, rounds, algorithms }, null, 2) + '\n');
    console.log(`wrote ${json}`);
  }
}

try {
  main();
} catch (e) {
  console.error(`bench:superpixels: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
